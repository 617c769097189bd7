import { z } from 'zod';
import { ZClockTime, ZDate } from './common.js';

export const CENTER_LEVELS = ['province', 'city', 'county'] as const;
export const ZCenterLevel = z.enum(CENTER_LEVELS);
export type TCenterLevel = z.infer<typeof ZCenterLevel>;

/** Telephone area code of a Chinese city: 0 followed by 2 or 3 digits (010, 0431). */
export const ZAreaCode = z.string().regex(/^0\d{2,3}$/, { message: '区号应为 0 开头的 3–4 位数字' });

export const ZWorkingPeriod = z
  .object({ start: ZClockTime, end: ZClockTime })
  .refine((p) => p.start < p.end, { message: '结束时间应晚于开始时间', path: ['end'] });

/** Agent service hours on working days; self-service runs around the clock. */
export const ZWorkingHours = z.object({
  periods: z.array(ZWorkingPeriod).min(1, { message: '至少一个时段' }).max(6),
});
export type TWorkingHours = z.infer<typeof ZWorkingHours>;

export const ZCenterRef = z.object({
  id: z.number().int(),
  name: z.string(),
  level: ZCenterLevel,
});
export type TCenterRef = z.infer<typeof ZCenterRef>;

export const ZCenter = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  level: ZCenterLevel,
  parentId: z.number().int().nullable(),
  areaCodes: z.array(z.string()),
  workingHours: ZWorkingHours,
  active: z.boolean(),
});
export type TCenter = z.infer<typeof ZCenter>;

export const ZCenterCreate = z.object({
  code: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, { message: '编码只能含小写字母、数字和连字符' }),
  name: z.string().trim().min(2).max(80),
  shortName: z.string().trim().min(1).max(20),
  level: ZCenterLevel,
  parentId: z.number().int().positive().max(2_147_483_647).nullable(),
  areaCodes: z.array(ZAreaCode).max(10).default([]),
  workingHours: ZWorkingHours,
});
export type TCenterCreate = z.infer<typeof ZCenterCreate>;

export const ZCenterUpdate = ZCenterCreate.omit({ code: true, level: true, parentId: true })
  .partial()
  .extend({ active: z.boolean().optional() });
export type TCenterUpdate = z.infer<typeof ZCenterUpdate>;

export const ZDepartment = z.object({
  id: z.number().int(),
  centerId: z.number().int(),
  name: z.string(),
  /** Business line the department handles, free text such as 养老保险. */
  duties: z.string(),
  active: z.boolean(),
});
export type TDepartment = z.infer<typeof ZDepartment>;

export const ZDepartmentCreate = z.object({
  name: z.string().trim().min(2).max(60),
  duties: z.string().trim().max(200).default(''),
});
export const ZDepartmentUpdate = ZDepartmentCreate.partial().extend({ active: z.boolean().optional() });

export const ZCenterStatus = z.object({
  centerId: z.number().int(),
  now: z.string(),
  date: ZDate,
  dayKind: z.string(),
  dayName: z.string().nullable(),
  /** Agents are offered (working day and inside a working period). */
  inWorkingHours: z.boolean(),
  /** Next moment agents are offered again, when now is out of hours; null when unknown (calendar not loaded). */
  nextOpenAt: z.string().nullable(),
});
export type TCenterStatus = z.infer<typeof ZCenterStatus>;
