import { z } from 'zod';

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`, checked to exist (no 2026-02-30). */
export const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' })
  .refine(
    (s) => {
      const [y, m, d] = s.split('-').map(Number);
      const t = new Date(Date.UTC(y!, m! - 1, d!));
      return t.getUTCFullYear() === y && t.getUTCMonth() === m! - 1 && t.getUTCDate() === d;
    },
    { message: '日期不存在' },
  );

/** A wall-clock time `HH:MM`, 00:00–24:00. */
export const ZClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: '时间格式应为 HH:MM' });

/** A row id: a positive 32-bit integer (a larger one can name no row and must not reach the database). */
export const ZId = z.coerce.number().int().positive().max(2_147_483_647, { message: '编号超出范围' });

export const ZIdParams = z.object({ id: ZId });

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZPage = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int() });

export type TPageQuery = z.infer<typeof ZPageQuery>;
