import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../../platform/audit/audit-trail.js';
import type { WorkingDayCalendar } from '../../platform/calendar/working-day-calendar.js';
import { CalendarYearNotLoadedError, isWorkingKind } from '../../platform/calendar/working-day-calendar.js';
import { addDays, shanghaiDate, shanghaiInstant, shanghaiTime, type Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/http/app-error.js';
import { canSeeCenter, type CenterScope } from '../../platform/http/access.js';
import type {
  TCenter,
  TCenterCreate,
  TCenterStatus,
  TCenterUpdate,
  TDepartment,
} from '../../shared/api/centers.js';
import { centersRepository as repo, toCenter, toDepartment, type CentersTables } from './centers.repository.js';

declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    'centers.center_changed': { centerId: number };
    'centers.department_changed': { centerId: number; departmentId: number };
  }
}

const PARENT_LEVEL = { province: null, city: 'province', county: 'city' } as const;

/**
 * Centers: the province center, its city sub-centers and county offices, with their area codes,
 * working hours and departments (业务处室). Other modules use this service, never the tables.
 */
export function createCentersService(deps: { db: Kysely<any>; clock: Clock; bus: EventBus; calendar: WorkingDayCalendar }) {
  const db = deps.db as Kysely<CentersTables>;

  async function all(): Promise<TCenter[]> {
    return (await repo.all(db)).map(toCenter);
  }

  async function get(id: number): Promise<TCenter> {
    const row = await repo.byId(db, id);
    if (!row) throw notFound('中心', 'Center');
    return toCenter(row);
  }

  /** The center and its ancestors, nearest first. */
  async function chainOf(centerId: number): Promise<number[]> {
    const byId = new Map((await all()).map((c) => [c.id, c]));
    const chain: number[] = [];
    for (let c = byId.get(centerId); c && chain.length < 10; c = c.parentId ? byId.get(c.parentId) : undefined) {
      chain.push(c.id);
    }
    return chain;
  }

  /** What an account of this center may see: the province root sees all, others their own subtree. */
  async function scopeOf(centerId: number): Promise<CenterScope> {
    const centers = await all();
    const self = centers.find((c) => c.id === centerId);
    if (!self) return { all: false, centerIds: new Set() };
    if (self.parentId === null) return { all: true };
    const ids = new Set([centerId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const c of centers) {
        if (c.parentId !== null && ids.has(c.parentId) && !ids.has(c.id)) {
          ids.add(c.id);
          grew = true;
        }
      }
    }
    return { all: false, centerIds: ids };
  }

  async function visible(scope: CenterScope): Promise<TCenter[]> {
    return (await all()).filter((c) => canSeeCenter(scope, c.id));
  }

  /** Centers whose area codes include this one, e.g. 0431 → 省直 and 长春 (the caller must choose). */
  async function byAreaCode(areaCode: string): Promise<TCenter[]> {
    return (await all()).filter((c) => c.active && c.areaCodes.includes(areaCode));
  }

  async function create(actor: AuditActor, input: TCenterCreate): Promise<TCenter> {
    const wanted = PARENT_LEVEL[input.level];
    if (input.parentId === null && wanted !== null) {
      throw fieldError('body.parentId', 'required', '市州分中心和县区必须有上级中心', 'parentId is required');
    }
    if (input.parentId !== null) {
      const parent = await repo.byId(db, input.parentId);
      if (!parent) throw fieldError('body.parentId', 'not_found', '上级中心不存在', 'parent center not found');
      if (parent.level !== wanted) {
        throw fieldError('body.parentId', 'wrong_level', `${levelZh(input.level)}的上级应为${levelZh(wanted!)}`, 'wrong parent level');
      }
    } else if ((await all()).some((c) => c.parentId === null)) {
      throw conflict('平台已有省中心,不能再建第二个根中心', 'A province center already exists');
    }
    if (await repo.byCode(db, input.code)) throw conflict(`编码 ${input.code} 已被使用`, 'code taken', { field: 'body.code' });
    const row = await db.transaction().execute(async (trx) => {
      const created = await repo.insert(trx, {
        code: input.code,
        name: input.name,
        short_name: input.shortName,
        level: input.level,
        parent_id: input.parentId,
        area_codes: input.areaCodes,
        working_hours: input.workingHours,
      });
      await recordAudit(trx, actor, {
        action: 'center.create',
        entityType: 'center',
        entityId: created.id,
        centerId: created.id,
        after: toCenter(created),
      });
      return created;
    });
    await deps.bus.publish('centers.center_changed', { centerId: row.id }, { centerId: row.id });
    return toCenter(row);
  }

  async function update(actor: AuditActor, id: number, input: TCenterUpdate): Promise<TCenter> {
    const row = await db.transaction().execute(async (trx) => {
      const before = await repo.byId(trx, id);
      if (!before) throw notFound('中心', 'Center');
      if (input.active === false && before.parent_id === null) {
        throw fieldError('body.active', 'root', '省中心不能停用', 'the province center cannot be deactivated');
      }
      const after = await repo.update(trx, id, {
        name: input.name,
        short_name: input.shortName,
        area_codes: input.areaCodes,
        working_hours: input.workingHours,
        active: input.active,
      });
      await recordAudit(trx, actor, {
        action: 'center.update',
        entityType: 'center',
        entityId: id,
        centerId: id,
        before: toCenter(before),
        after: toCenter(after),
      });
      return after;
    });
    await deps.bus.publish('centers.center_changed', { centerId: id }, { centerId: id });
    return toCenter(row);
  }

  async function departments(centerId: number): Promise<TDepartment[]> {
    await get(centerId);
    return (await repo.departments(db, centerId)).map(toDepartment);
  }

  async function department(id: number): Promise<TDepartment> {
    const row = await repo.departmentById(db, id);
    if (!row) throw notFound('业务处室', 'Department');
    return toDepartment(row);
  }

  async function createDepartment(actor: AuditActor, centerId: number, input: { name: string; duties: string }) {
    await get(centerId);
    if (await repo.departmentByName(db, centerId, input.name)) {
      throw conflict(`本中心已有「${input.name}」`, 'department name taken', { field: 'body.name' });
    }
    const row = await db.transaction().execute(async (trx) => {
      const created = await repo.insertDepartment(trx, { center_id: centerId, name: input.name, duties: input.duties });
      await recordAudit(trx, actor, {
        action: 'department.create',
        entityType: 'department',
        entityId: created.id,
        centerId,
        after: toDepartment(created),
      });
      return created;
    });
    await deps.bus.publish('centers.department_changed', { centerId, departmentId: row.id }, { centerId });
    return toDepartment(row);
  }

  async function updateDepartment(actor: AuditActor, id: number, input: { name?: string; duties?: string; active?: boolean }) {
    const row = await db.transaction().execute(async (trx) => {
      const before = await repo.departmentById(trx, id);
      if (!before) throw notFound('业务处室', 'Department');
      if (input.name && input.name !== before.name && (await repo.departmentByName(trx, before.center_id, input.name))) {
        throw conflict(`本中心已有「${input.name}」`, 'department name taken', { field: 'body.name' });
      }
      const after = await repo.updateDepartment(trx, id, input);
      await recordAudit(trx, actor, {
        action: 'department.update',
        entityType: 'department',
        entityId: id,
        centerId: before.center_id,
        before: toDepartment(before),
        after: toDepartment(after),
      });
      return after;
    });
    await deps.bus.publish('centers.department_changed', { centerId: row.center_id, departmentId: id }, { centerId: row.center_id });
    return toDepartment(row);
  }

  /**
   * Whether agents are offered now: a working day of the center's calendar and inside one of its
   * working periods. Out of hours, callers get self-service and messages only (seed 000, step 2).
   */
  async function status(centerId: number, at: Date = deps.clock.now()): Promise<TCenterStatus> {
    const center = await get(centerId);
    const chain = await chainOf(centerId);
    const date = shanghaiDate(at);
    const time = shanghaiTime(at);
    const today = await deps.calendar.day(date, chain);
    const inWorkingHours =
      isWorkingKind(today.kind) && center.active && center.workingHours.periods.some((p) => p.start <= time && time < p.end);
    return {
      centerId,
      now: at.toISOString(),
      date,
      dayKind: today.kind,
      dayName: today.name,
      inWorkingHours,
      nextOpenAt: inWorkingHours || !center.active ? null : await nextOpening(center, chain, date, time),
    };
  }

  async function nextOpening(center: TCenter, chain: number[], date: string, time: string): Promise<string | null> {
    const starts = center.workingHours.periods.map((p) => p.start).sort();
    try {
      for (let d = date, i = 0; i < 45; i++, d = addDays(d, 1)) {
        if (!(await deps.calendar.isWorkingDay(d, chain))) continue;
        const start = starts.find((s) => d !== date || s > time);
        if (start) return shanghaiInstant(d, start).toISOString();
      }
    } catch (err) {
      if (err instanceof CalendarYearNotLoadedError) return null;
      throw err;
    }
    return null;
  }

  return {
    all,
    get,
    chainOf,
    scopeOf,
    visible,
    byAreaCode,
    create,
    update,
    departments,
    department,
    createDepartment,
    updateDepartment,
    status,
  };
}

export type CentersService = ReturnType<typeof createCentersService>;

function levelZh(level: string) {
  return level === 'province' ? '省中心' : level === 'city' ? '市州分中心' : '县区';
}
