import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../../platform/audit/audit-trail.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/http/app-error.js';
import type { Principal } from '../../platform/http/access.js';
import type { TLoginResponse, TMe } from '../../shared/api/auth.js';
import type { CentersService } from '../centers/index.js';
import { accountsRepository as repo, type AccountsTables, type UserRow } from './accounts.repository.js';
import { burnVerifyTime, hashPassword, verifyPassword } from './passwords.js';

export type AuthPolicy = { sessionTtlMs: number; maxFailures: number; lockMs: number };

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Password sign-in, sessions and lockout. A session token is 32 random bytes; only its SHA-256 is
 * stored. After `maxFailures` consecutive wrong passwords the account is locked for `lockMs`.
 */
export function createAuthService(deps: { db: Kysely<any>; clock: Clock; centers: CentersService; policy: AuthPolicy }) {
  const db = deps.db as Kysely<AccountsTables>;
  const { policy } = deps;

  async function me(user: Pick<UserRow, 'id' | 'username' | 'display_name' | 'roles' | 'center_id' | 'department_id'> & { must_change_password?: boolean }): Promise<TMe> {
    const center = await deps.centers.get(user.center_id);
    return {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      roles: user.roles,
      center: { id: center.id, name: center.name, level: center.level },
      departmentId: user.department_id,
      seesAllCenters: center.parentId === null,
      mustChangePassword: user.must_change_password ?? false,
    };
  }

  async function login(
    username: string,
    password: string,
    client: { ip: string | null; userAgent: string | null; requestId: string },
  ): Promise<TLoginResponse> {
    const now = deps.clock.now();
    const user = await repo.userByUsername(db, username);
    const invalid = () => new AppError('INVALID_CREDENTIALS', '用户名或密码错误', 'Wrong username or password');
    if (!user) {
      await burnVerifyTime(password);
      throw invalid();
    }
    const actor: AuditActor = { userId: user.id, name: user.username, requestId: client.requestId, ip: client.ip };
    if (user.locked_until && user.locked_until > now) {
      throw locked(user.locked_until);
    }
    if (!user.active) {
      await burnVerifyTime(password);
      throw new AppError('INVALID_CREDENTIALS', '账号已停用,请联系系统管理员', 'Account disabled');
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      // A lock that has run out starts a fresh count.
      const previous = user.locked_until && user.locked_until <= now ? 0 : user.failed_logins;
      const failures = previous + 1;
      const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : null;
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, { failed_logins: lockedUntil ? 0 : failures, locked_until: lockedUntil });
        await recordAudit(trx, actor, {
          action: lockedUntil ? 'auth.locked' : 'auth.login_failed',
          entityType: 'staff_user',
          entityId: user.id,
          centerId: user.center_id,
          before: { failedLogins: user.failed_logins },
          after: { failedLogins: failures, lockedUntil },
        });
      });
      if (lockedUntil) throw locked(lockedUntil);
      throw invalid();
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + policy.sessionTtlMs);
    const updated = await db.transaction().execute(async (trx) => {
      const session = await repo.insertSession(trx, {
        token_hash: sha256(token),
        user_id: user.id,
        expires_at: expiresAt,
        ip: client.ip,
        user_agent: client.userAgent?.slice(0, 300) ?? null,
      });
      const u = await repo.updateUser(trx, user.id, { failed_logins: 0, locked_until: null, last_login_at: now });
      await recordAudit(trx, actor, {
        action: 'auth.login',
        entityType: 'staff_session',
        entityId: session.id,
        centerId: user.center_id,
        after: { userId: user.id, expiresAt },
      });
      return u;
    });
    return { token, expiresAt: expiresAt.toISOString(), user: await me(updated) };
  }

  /** The signed-in principal of a session token, or null when it is unknown, expired or revoked. */
  async function principalOfToken(token: string): Promise<Principal | null> {
    const row = await repo.liveSessionWithUser(db, sha256(token), deps.clock.now());
    if (!row || !row.active) return null;
    return {
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      centerId: row.center_id,
      departmentId: row.department_id,
      sessionId: row.session_id,
      scope: await deps.centers.scopeOf(row.center_id),
    };
  }

  async function logout(actor: AuditActor, sessionId: number) {
    await db.transaction().execute(async (trx) => {
      await repo.revokeSession(trx, sessionId, deps.clock.now());
      await recordAudit(trx, actor, { action: 'auth.logout', entityType: 'staff_session', entityId: sessionId });
    });
  }

  async function changePassword(actor: AuditActor, userId: number, currentPassword: string, newPassword: string) {
    const user = await repo.userById(db, userId);
    if (!user || !(await verifyPassword(user.password_hash, currentPassword))) {
      throw new AppError('VALIDATION_FAILED', '当前密码不正确', 'Current password is wrong', {
        fields: [{ field: 'body.currentPassword', code: 'wrong', message: '当前密码不正确' }],
      });
    }
    if (currentPassword === newPassword) {
      throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同', 'New password equals the current one', {
        fields: [{ field: 'body.newPassword', code: 'same', message: '新密码不能与当前密码相同' }],
      });
    }
    const passwordHash = await hashPassword(newPassword);
    await db.transaction().execute(async (trx) => {
      await repo.updateUser(trx, userId, { password_hash: passwordHash, must_change_password: false });
      await recordAudit(trx, actor, { action: 'auth.password_change', entityType: 'staff_user', entityId: userId, centerId: user.center_id });
    });
  }

  async function meOf(userId: number) {
    const user = await repo.userById(db, userId);
    if (!user) throw new AppError('UNAUTHENTICATED', '请先登录', 'Sign in first');
    return me(user);
  }

  return { login, logout, principalOfToken, changePassword, meOf };
}

export type AuthService = ReturnType<typeof createAuthService>;

function locked(until: Date) {
  return new AppError(
    'ACCOUNT_LOCKED',
    `密码错误次数过多,账号已锁定至 ${until.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })},或请管理员解锁`,
    'Too many failed sign-ins; the account is locked',
    { details: { lockedUntil: until.toISOString() } },
  );
}
