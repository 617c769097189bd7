import { z } from 'zod';
import { ROLES } from '../roles.js';
import { ZCenterRef } from './centers.js';

export const ZRole = z.enum(ROLES);

export const ZLoginRequest = z.object({
  username: z.string().trim().min(1, { message: '请输入用户名' }).max(64),
  password: z.string().min(1, { message: '请输入密码' }).max(256),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZMe = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  center: ZCenterRef,
  departmentId: z.number().int().nullable(),
  /** True when the account's center is the province root: it sees every center. */
  seesAllCenters: z.boolean(),
  mustChangePassword: z.boolean(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZLoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: ZMe,
});
export type TLoginResponse = z.infer<typeof ZLoginResponse>;

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(10, { message: '新密码至少 10 位' }).max(256),
});
