import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE, auditActorOf, principalOf } from '../../platform/http/access.js';
import { ZChangePasswordRequest, ZLoginRequest, ZLoginResponse, ZMe } from '../../shared/api/auth.js';
import { ZIdParams } from '../../shared/api/common.js';
import { ZResetPassword, ZUser, ZUserCreate, ZUserListQuery, ZUserUpdate } from '../../shared/api/users.js';
import type { AuthService } from './auth.service.js';
import type { UsersService } from './users.service.js';

export function accountsRoutes(deps: {
  auth: AuthService;
  users: UsersService;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
}): FastifyPluginAsyncZod {
  const { auth, users } = deps;
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { access: 'public', rateLimit: { max: deps.loginRateLimitPerMinute, timeWindow: '1 minute' } },
        schema: { tags: ['auth'], summary: '用户名密码登录', body: ZLoginRequest, response: { 200: ZLoginResponse } },
      },
      async (req, reply) => {
        const result = await auth.login(req.body.username, req.body.password, {
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
          requestId: req.id,
        });
        reply.setCookie(SESSION_COOKIE, result.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: deps.cookieSecure,
          expires: new Date(result.expiresAt),
        });
        return result;
      },
    );

    app.post(
      '/auth/logout',
      { config: { access: 'authenticated' }, schema: { tags: ['auth'], response: { 204: z.null() } } },
      async (req, reply) => {
        await auth.logout(auditActorOf(req), principalOf(req).sessionId);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      { config: { access: 'authenticated' }, schema: { tags: ['auth'], response: { 200: ZMe } } },
      async (req) => auth.meOf(principalOf(req).userId),
    );

    app.post(
      '/auth/password',
      { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: '修改自己的密码', body: ZChangePasswordRequest, response: { 204: z.null() } } },
      async (req, reply) => {
        await auth.changePassword(auditActorOf(req), principalOf(req).userId, req.body.currentPassword, req.body.newPassword);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/users',
      {
        config: { access: ['admin', 'team_lead', 'leader'] },
        schema: { tags: ['users'], summary: '账号列表(按中心范围)', querystring: ZUserListQuery, response: { 200: z.object({ items: z.array(ZUser), total: z.number() }) } },
      },
      async (req) => users.list(principalOf(req), req.query),
    );

    app.get(
      '/users/:id',
      { config: { access: ['admin', 'team_lead', 'leader'] }, schema: { tags: ['users'], params: ZIdParams, response: { 200: ZUser } } },
      async (req) => users.get(principalOf(req), req.params.id),
    );

    app.post(
      '/users',
      { config: { access: ['admin'] }, schema: { tags: ['users'], body: ZUserCreate, response: { 201: ZUser } } },
      async (req, reply) => reply.status(201).send(await users.create(auditActorOf(req), principalOf(req), req.body)),
    );

    app.patch(
      '/users/:id',
      { config: { access: ['admin'] }, schema: { tags: ['users'], params: ZIdParams, body: ZUserUpdate, response: { 200: ZUser } } },
      async (req) => users.update(auditActorOf(req), principalOf(req), req.params.id, req.body),
    );

    app.post(
      '/users/:id/unlock',
      { config: { access: ['admin'] }, schema: { tags: ['users'], params: ZIdParams, response: { 200: ZUser } } },
      async (req) => users.unlock(auditActorOf(req), principalOf(req), req.params.id),
    );

    app.post(
      '/users/:id/reset-password',
      { config: { access: ['admin'] }, schema: { tags: ['users'], params: ZIdParams, body: ZResetPassword, response: { 204: z.null() } } },
      async (req, reply) => {
        await users.resetPassword(auditActorOf(req), principalOf(req), req.params.id, req.body.newPassword);
        return reply.status(204).send(null);
      },
    );
  };
}
