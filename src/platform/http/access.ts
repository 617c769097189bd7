import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/roles.js';
import type { AuditActor } from '../audit/audit-trail.js';
import { AppError, forbidden, outOfScope } from './app-error.js';

/**
 * Who may call a route. Every route declares it in `config.access`; the server refuses to start with
 * a route that does not (see `installAccessControl`).
 *   'public'        anyone, rate-limited
 *   'authenticated' any signed-in staff account
 *   Role[]          signed-in with at least one of these roles
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

/** Which centers' records an account may see: its own center and everything below it. */
export type CenterScope = { all: true } | { all: false; centerIds: ReadonlySet<number> };

export type Principal = {
  userId: number;
  username: string;
  displayName: string;
  roles: readonly Role[];
  centerId: number;
  departmentId: number | null;
  sessionId: number;
  scope: CenterScope;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export type PrincipalResolver = (token: string, req: FastifyRequest) => Promise<Principal | null>;

export const SESSION_COOKIE = 'hotline_sid';

export function sessionTokenOf(req: FastifyRequest): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || null;
  const cookie = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
  return cookie || null;
}

/**
 * Resolves the session on every request and enforces each route's declared access. Routes are
 * checked at registration: one without `config.access` stops the boot.
 */
export function installAccessControl(app: FastifyInstance, resolvePrincipal: PrincipalResolver) {
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs') || route.method === 'HEAD') return;
    if (!route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no config.access`);
    }
  });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public') {
      // Public routes still learn who is calling when a session is present (e.g. /auth/me-style UIs).
      const token = sessionTokenOf(req);
      if (token && access === 'public') req.principal = await resolvePrincipal(token, req);
      return;
    }
    const token = sessionTokenOf(req);
    const principal = token ? await resolvePrincipal(token, req) : null;
    if (!principal) throw new AppError('UNAUTHENTICATED', '请先登录', 'Sign in first');
    req.principal = principal;
    if (access !== 'authenticated' && !principal.roles.some((r) => access.includes(r))) throw forbidden();
  });
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED', '请先登录', 'Sign in first');
  return req.principal;
}

export function canSeeCenter(scope: CenterScope, centerId: number | null): boolean {
  if (scope.all) return true;
  return centerId !== null && scope.centerIds.has(centerId);
}

export function assertCenterInScope(principal: Principal, centerId: number | null) {
  if (!canSeeCenter(principal.scope, centerId)) throw outOfScope();
}

export function hasRole(principal: Principal, ...roles: Role[]) {
  return principal.roles.some((r) => roles.includes(r));
}

export function auditActorOf(req: FastifyRequest): AuditActor {
  return {
    userId: req.principal?.userId ?? null,
    name: req.principal?.username ?? 'anonymous',
    requestId: req.id,
    ip: req.ip,
  };
}

/** National data (the working-day calendar) is changed only by accounts of the province center. */
export function assertProvinceScope(principal: Principal) {
  if (!principal.scope.all) {
    throw new AppError('OUT_OF_SCOPE', '只有省中心的管理员可以修改全省共用的数据', 'Only province-level accounts may change shared data');
  }
}
