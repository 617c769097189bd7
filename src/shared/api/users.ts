import { z } from 'zod';
import { ZRole } from './auth.js';
import { ZCenterRef } from './centers.js';

export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  center: ZCenterRef,
  departmentId: z.number().int().nullable(),
  staffNo: z.string().nullable(),
  /** Masked (138****5678) unless the viewer's role needs the full number. */
  phone: z.string().nullable(),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

const ZUsername = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{3,32}$/, { message: '用户名为 3–32 位字母、数字、下划线、点或连字符' });
const ZMobile = z.string().regex(/^1[3-9]\d{9}$/, { message: '手机号应为 11 位' });

export const ZUserCreate = z.object({
  username: ZUsername,
  displayName: z.string().trim().min(1).max(40),
  password: z.string().min(10, { message: '密码至少 10 位' }).max(256),
  roles: z.array(ZRole).min(1, { message: '至少一个角色' }),
  centerId: z.number().int().positive().max(2_147_483_647),
  departmentId: z.number().int().positive().max(2_147_483_647).nullable().default(null),
  staffNo: z.string().trim().max(20).nullable().default(null),
  phone: ZMobile.nullable().default(null),
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserUpdate = ZUserCreate.omit({ username: true, password: true })
  .partial()
  .extend({ active: z.boolean().optional() });
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

export const ZUserListQuery = z.object({
  centerId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  role: ZRole.optional(),
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZResetPassword = z.object({
  newPassword: z.string().min(10, { message: '密码至少 10 位' }).max(256),
});
