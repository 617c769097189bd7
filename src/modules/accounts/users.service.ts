import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../../platform/audit/audit-trail.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, fieldError, notFound } from '../../platform/http/app-error.js';
import { assertCenterInScope, hasRole, type Principal } from '../../platform/http/access.js';
import { maskPhone } from '../../platform/logging/mask.js';
import type { TUser, TUserCreate, TUserUpdate } from '../../shared/api/users.js';
import { ROLES_SEEING_STAFF_CONTACTS, type Role } from '../../shared/roles.js';
import type { CentersService } from '../centers/index.js';
import { accountsRepository as repo, type AccountsTables, type UserRow } from './accounts.repository.js';
import { hashPassword } from './passwords.js';

/** Staff accounts: who works at which center, in which roles. */
export function createUsersService(deps: { db: Kysely<any>; clock: Clock; centers: CentersService }) {
  const db = deps.db as Kysely<AccountsTables>;

  async function toUser(row: UserRow, viewer: Principal | null): Promise<TUser> {
    const center = await deps.centers.get(row.center_id);
    const seesContacts = viewer === null || viewer.userId === row.id || hasRole(viewer, ...ROLES_SEEING_STAFF_CONTACTS);
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      center: { id: center.id, name: center.name, level: center.level },
      departmentId: row.department_id,
      staffNo: row.staff_no,
      phone: row.phone && !seesContacts ? maskPhone(row.phone) : row.phone,
      active: row.active,
      lockedUntil: row.locked_until && row.locked_until > deps.clock.now() ? row.locked_until.toISOString() : null,
      lastLoginAt: row.last_login_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
    };
  }

  /** What the audit trail keeps of an account (never the password hash). */
  function auditView(row: UserRow) {
    const { password_hash: _omit, ...rest } = row;
    return rest;
  }

  async function list(viewer: Principal, query: { centerId?: number; role?: Role; q?: string; page: number; pageSize: number }) {
    if (query.centerId) assertCenterInScope(viewer, query.centerId);
    const { items, total } = await repo.listUsers(db, {
      centerIds: viewer.scope.all ? null : [...viewer.scope.centerIds],
      centerId: query.centerId,
      role: query.role,
      q: query.q,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    return { items: await Promise.all(items.map((r) => toUser(r, viewer))), total };
  }

  async function get(viewer: Principal, id: number) {
    const row = await repo.userById(db, id);
    if (!row) throw notFound('账号', 'User');
    assertCenterInScope(viewer, row.center_id);
    return toUser(row, viewer);
  }

  async function checkDepartment(centerId: number, departmentId: number | null) {
    if (departmentId === null) return;
    const dept = await deps.centers.department(departmentId).catch(() => null);
    if (!dept || dept.centerId !== centerId) {
      throw fieldError('body.departmentId', 'not_in_center', '业务处室不属于所选中心', 'department is not in that center');
    }
  }

  async function create(actor: AuditActor, viewer: Principal | null, input: TUserCreate & { mustChangePassword?: boolean }) {
    await deps.centers.get(input.centerId).catch(() => {
      throw fieldError('body.centerId', 'not_found', '中心不存在', 'center not found');
    });
    if (viewer) assertCenterInScope(viewer, input.centerId);
    await checkDepartment(input.centerId, input.departmentId);
    if (input.roles.includes('department_handler') && input.departmentId === null) {
      throw fieldError('body.departmentId', 'required', '业务处室经办人必须指定所属处室', 'a department handler needs a department');
    }
    if (await repo.userByUsername(db, input.username)) {
      throw conflict(`用户名 ${input.username} 已存在`, 'username taken', { field: 'body.username' });
    }
    const passwordHash = await hashPassword(input.password);
    const row = await db.transaction().execute(async (trx) => {
      const created = await repo.insertUser(trx, {
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        roles: [...new Set(input.roles)],
        center_id: input.centerId,
        department_id: input.departmentId,
        staff_no: input.staffNo,
        phone: input.phone,
        must_change_password: input.mustChangePassword ?? false,
      });
      await recordAudit(trx, actor, {
        action: 'user.create',
        entityType: 'staff_user',
        entityId: created.id,
        centerId: created.center_id,
        after: auditView(created),
      });
      return created;
    });
    return toUser(row, viewer);
  }

  async function update(actor: AuditActor, viewer: Principal, id: number, input: TUserUpdate) {
    const row = await db.transaction().execute(async (trx) => {
      const before = await repo.userById(trx, id);
      if (!before) throw notFound('账号', 'User');
      assertCenterInScope(viewer, before.center_id);
      const centerId = input.centerId ?? before.center_id;
      if (input.centerId) {
        await deps.centers.get(input.centerId).catch(() => {
          throw fieldError('body.centerId', 'not_found', '中心不存在', 'center not found');
        });
        assertCenterInScope(viewer, input.centerId);
      }
      const departmentId = input.departmentId !== undefined ? input.departmentId : before.department_id;
      await checkDepartment(centerId, input.centerId && input.departmentId === undefined ? null : departmentId);
      const roles = input.roles ? [...new Set(input.roles)] : before.roles;
      const losesAdmin = before.roles.includes('admin') && before.active && (!roles.includes('admin') || input.active === false);
      if (losesAdmin && (await repo.countActiveAdmins(trx)) <= 1) {
        throw conflict('这是最后一个启用的系统管理员,不能停用或取消其管理员角色', 'last active administrator');
      }
      if (id === viewer.userId && input.active === false) {
        throw fieldError('body.active', 'self', '不能停用自己的账号', 'cannot deactivate yourself');
      }
      const after = await repo.updateUser(trx, id, {
        display_name: input.displayName,
        roles,
        center_id: centerId,
        department_id: input.centerId && input.departmentId === undefined ? null : departmentId,
        staff_no: input.staffNo,
        phone: input.phone,
        active: input.active,
      });
      if (input.active === false || input.centerId || input.roles) await repo.revokeUserSessions(trx, id, deps.clock.now());
      await recordAudit(trx, actor, {
        action: 'user.update',
        entityType: 'staff_user',
        entityId: id,
        centerId: after.center_id,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    });
    return toUser(row, viewer);
  }

  async function unlock(actor: AuditActor, viewer: Principal, id: number) {
    const row = await db.transaction().execute(async (trx) => {
      const before = await repo.userById(trx, id);
      if (!before) throw notFound('账号', 'User');
      assertCenterInScope(viewer, before.center_id);
      const after = await repo.updateUser(trx, id, { locked_until: null, failed_logins: 0 });
      await recordAudit(trx, actor, {
        action: 'user.unlock',
        entityType: 'staff_user',
        entityId: id,
        centerId: before.center_id,
        before: { lockedUntil: before.locked_until, failedLogins: before.failed_logins },
        after: { lockedUntil: null, failedLogins: 0 },
      });
      return after;
    });
    return toUser(row, viewer);
  }

  async function resetPassword(actor: AuditActor, viewer: Principal, id: number, newPassword: string) {
    const passwordHash = await hashPassword(newPassword);
    await db.transaction().execute(async (trx) => {
      const before = await repo.userById(trx, id);
      if (!before) throw notFound('账号', 'User');
      assertCenterInScope(viewer, before.center_id);
      await repo.updateUser(trx, id, { password_hash: passwordHash, must_change_password: true, locked_until: null, failed_logins: 0 });
      await repo.revokeUserSessions(trx, id, deps.clock.now());
      await recordAudit(trx, actor, {
        action: 'user.password_reset',
        entityType: 'staff_user',
        entityId: id,
        centerId: before.center_id,
        after: { mustChangePassword: true },
      });
    });
  }

  async function countUsers() {
    const { total } = await repo.listUsers(db, { centerIds: null, offset: 0, limit: 1 });
    return total;
  }

  return { list, get, create, update, unlock, resetPassword, countUsers };
}

export type UsersService = ReturnType<typeof createUsersService>;
