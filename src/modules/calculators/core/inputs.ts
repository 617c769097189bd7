import { z } from 'zod';
import { ZDate as ZExistingDate } from '../../../shared/api/common.js';

/** Input building blocks with Chinese messages; the API names the field of any that fails. */

/** Yuan, up to the fen, not negative, below one billion (a typo guard, not a policy limit). */
export const ZMoney = z
  .number({ error: (iss) => (iss.input === undefined ? '必填' : '应为数字（元）') })
  .finite()
  .min(0, { message: '金额不能为负数' })
  .max(1e9, { message: '金额过大' })
  .refine((v) => Math.round(v * 100) === Number((v * 100).toFixed(6)), { message: '金额最多精确到分' });

export const ZPositiveMoney = ZMoney.refine((v) => v > 0, { message: '金额应大于0' });

export const ZHours = z.number({ error: '应为数字（小时）' }).finite().min(0, { message: '小时数不能为负数' }).max(744, { message: '小时数过大' });

export const ZMonths = z.number({ error: (iss) => (iss.input === undefined ? '必填' : '应为整数（月）') }).int({ message: '应为整数（月）' }).min(0, { message: '月数不能为负数' }).max(1200, { message: '月数过大' });

export const ZDays = z.number({ error: (iss) => (iss.input === undefined ? '必填' : '应为整数（天）') }).int({ message: '应为整数（天）' }).min(0, { message: '天数不能为负数' }).max(36600, { message: '天数过大' });

/** A share such as 0.9 (90%) or 0.16 (16%). */
export const ZRate = z.number({ error: '应为比例（如0.16）' }).finite().min(0, { message: '比例不能为负数' }).max(1, { message: '比例应在0到1之间' });

/** `YYYY-MM`, a month that exists (1900–2100). */
export const ZYearMonth = z
  .string({ error: (iss) => (iss.input === undefined ? '必填' : '应为年月 YYYY-MM') })
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { message: '年月格式应为 YYYY-MM，且月份为01–12' });

/** `YYYY-MM-DD`, a date that exists (the platform's `ZDate`), in 1900–2099. */
export const ZDate = z
  .string({ error: (iss) => (iss.input === undefined ? '必填' : '应为日期 YYYY-MM-DD') })
  .pipe(ZExistingDate)
  .refine((d) => /^(19|20)\d{2}-/.test(d), { message: '日期应在1900–2099年之间' });

/** Year-month arithmetic on `YYYY-MM` as a month count (year × 12 + month − 1). */
export const monthIndex = (ym: string): number => {
  const [y, m] = ym.split('-').map(Number);
  return y! * 12 + (m! - 1);
};
export const yearMonthOf = (index: number): string => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
