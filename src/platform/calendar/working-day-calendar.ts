import type { Kysely } from 'kysely';
import type { TCalendarDay, TCalendarStatus, TDayKind } from '../../shared/api/calendar.js';
import { recordAudit, type AuditActor } from '../audit/audit-trail.js';
import { addDays, shanghaiDate, type Clock } from '../clock.js';
import type { EventBus } from '../events/event-bus.js';
import { AppError, conflict, fieldError } from '../http/app-error.js';
import { calendarRepository as repo, type CalendarTables } from './calendar.repository.js';
import {
  CHINESE_DAYS_SOURCE,
  daysOfYearFromPackage,
  daysOfYearFromWeeklyPattern,
  packageYears,
} from './chinese-days-source.js';

declare module '../events/event-bus.js' {
  interface DomainEvents {
    'calendar.changed': { year: number; date: string | null; centerId: number | null };
  }
}

const WORKING_KINDS: ReadonlySet<TDayKind> = new Set(['workday', 'makeup_workday']);
const MAX_RANGE_DAYS = 400;

export function isWorkingKind(kind: TDayKind) {
  return WORKING_KINDS.has(kind);
}

export class CalendarYearNotLoadedError extends AppError {
  constructor(readonly year: number) {
    super(
      'CALENDAR_YEAR_NOT_LOADED',
      `${year} 年的工作日历尚未载入,无法判断工作日。请管理员在「工作日历」中载入该年节假日安排。`,
      `The working-day calendar for ${year} is not loaded`,
      { details: { year } },
    );
  }
}

type Day = { date: string; kind: TDayKind; name: string | null; source: string };

/**
 * The working-day calendar: one row per date, national, with per-center override days. Dates are
 * Asia/Shanghai calendar dates. A date in a year that is not loaded is an error, never a guess.
 * `centerChain` is a center and its ancestors, nearest first: the nearest override wins.
 */
export function createWorkingDayCalendar(deps: { db: Kysely<any>; clock: Clock; bus: EventBus }) {
  const db = deps.db as Kysely<CalendarTables>;
  let years: Map<number, { source: string; loadedAt: Date }> | null = null;
  const yearDays = new Map<number, Map<string, Day>>();
  const centerDays = new Map<number, Map<string, Day>>();

  function invalidate() {
    years = null;
    yearDays.clear();
    centerDays.clear();
  }

  async function loadedYears() {
    if (!years) {
      const rows = await repo.loadedYears(db);
      years = new Map(rows.map((r) => [r.year, { source: r.source, loadedAt: r.loaded_at }]));
    }
    return years;
  }

  async function nationalDays(year: number): Promise<Map<string, Day>> {
    if (!(await loadedYears()).has(year)) throw new CalendarYearNotLoadedError(year);
    let days = yearDays.get(year);
    if (!days) {
      const rows = await repo.daysBetween(db, `${year}-01-01`, `${year}-12-31`);
      days = new Map(rows.map((r) => [r.date, { date: r.date, kind: r.kind, name: r.name, source: r.source }]));
      yearDays.set(year, days);
    }
    return days;
  }

  async function overridesOf(centerId: number): Promise<Map<string, Day>> {
    let days = centerDays.get(centerId);
    if (!days) {
      const rows = await repo.centerDaysBetween(db, [centerId], '1990-01-01', '2200-12-31');
      days = new Map(rows.map((r) => [r.date, { date: r.date, kind: r.kind, name: r.name, source: r.source }]));
      centerDays.set(centerId, days);
    }
    return days;
  }

  async function day(date: string, centerChain: readonly number[] = []): Promise<TCalendarDay> {
    const national = (await nationalDays(Number(date.slice(0, 4)))).get(date);
    if (!national) throw new CalendarYearNotLoadedError(Number(date.slice(0, 4)));
    for (const centerId of centerChain) {
      const local = (await overridesOf(centerId)).get(date);
      if (local) return { ...local, centerId };
    }
    return { ...national, centerId: null };
  }

  async function isWorkingDay(date: string, centerChain: readonly number[] = []) {
    return isWorkingKind((await day(date, centerChain)).kind);
  }

  /** The date `n` working days after `from` (from itself not counted): a work order's due date. */
  async function addWorkingDays(from: string, n: number, centerChain: readonly number[] = []) {
    let date = from;
    let left = n;
    while (left > 0) {
      date = addDays(date, 1);
      if (await isWorkingDay(date, centerChain)) left--;
    }
    return date;
  }

  /** The first working day on or after `date`. */
  async function workingDayOnOrAfter(date: string, centerChain: readonly number[] = []) {
    let d = date;
    for (let i = 0; i < 60; i++, d = addDays(d, 1)) if (await isWorkingDay(d, centerChain)) return d;
    throw new Error(`No working day within 60 days after ${date}`);
  }

  async function days(from: string, to: string, centerChain: readonly number[] = []): Promise<TCalendarDay[]> {
    if (to < from) throw fieldError('query.to', 'before_from', '结束日期早于开始日期', 'to is before from');
    const span = (Date.parse(to) - Date.parse(from)) / 86400_000;
    if (span > MAX_RANGE_DAYS) throw fieldError('query.to', 'range_too_long', `一次最多查询 ${MAX_RANGE_DAYS} 天`, 'range too long');
    const out: TCalendarDay[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(await day(d, centerChain));
    return out;
  }

  async function status(): Promise<TCalendarStatus> {
    const today = shanghaiDate(deps.clock.now());
    const year = Number(today.slice(0, 4));
    const month = Number(today.slice(5, 7));
    const loaded = await loadedYears();
    const warnings: TCalendarStatus['warnings'] = [];
    if (!loaded.has(year)) {
      warnings.push({
        code: 'CALENDAR_CURRENT_YEAR_MISSING',
        message: `本年度(${year} 年)工作日历未载入:工单办结时限和工作时间无法计算,请立即载入。`,
        messageEn: `The calendar for the current year ${year} is not loaded`,
      });
    }
    if (month >= 11 && !loaded.has(year + 1)) {
      warnings.push({
        code: 'CALENDAR_NEXT_YEAR_MISSING',
        message: `${year + 1} 年节假日安排尚未载入。国务院办公厅通常于 11—12 月发布次年安排,发布后请在「工作日历」中载入并核对;跨年的工单时限将无法计算。`,
        messageEn: `The holiday schedule for ${year + 1} is not loaded yet`,
      });
    }
    return {
      today,
      loadedYears: [...loaded].map(([y, v]) => ({ year: y, source: v.source, loadedAt: v.loadedAt.toISOString() })),
      packageYears,
      warnings,
    };
  }

  async function loadYear(actor: AuditActor, year: number, source: 'chinese-days' | 'weekly-pattern') {
    if ((await loadedYears()).has(year)) {
      throw conflict(`${year} 年已载入;如需修改请逐日编辑`, `${year} is already loaded`, { year });
    }
    if (source === 'chinese-days' && !packageYears.includes(year)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `内置节假日数据不含 ${year} 年(已有 ${packageYears[0]}–${packageYears.at(-1)} 年)。请改用「按周规律生成」后逐日录入国务院公布的节假日。`,
        `The bundled data has no schedule for ${year}`,
        { fields: [{ field: 'body.source', code: 'year_not_in_package', message: `内置数据不含 ${year} 年` }] },
      );
    }
    const label =
      source === 'chinese-days' ? CHINESE_DAYS_SOURCE : `按周规律生成(周一至周五工作),节假日待录入;操作人 ${actor.name}`;
    const rows = source === 'chinese-days' ? daysOfYearFromPackage(year) : daysOfYearFromWeeklyPattern(year, label);
    await db.transaction().execute(async (trx) => {
      await repo.insertYear(trx, year, label, actor.name, rows);
      await recordAudit(trx, actor, {
        action: 'calendar.year_load',
        entityType: 'calendar_year',
        entityId: year,
        after: { year, source: label, days: rows.length, holidays: rows.filter((r) => r.kind === 'holiday').length },
      });
    });
    invalidate();
    await deps.bus.publish('calendar.changed', { year, date: null, centerId: null });
    return { year, source: label, days: rows.length };
  }

  /** Loads every year the bundled package has and the database lacks (first start, package upgrade). */
  async function loadPackageYears(actor: AuditActor) {
    const loaded = await loadedYears();
    const added: number[] = [];
    for (const year of packageYears) {
      if (loaded.has(year)) continue;
      await loadYear(actor, year, 'chinese-days');
      added.push(year);
    }
    return added;
  }

  async function setDay(
    actor: AuditActor,
    date: string,
    update: { kind: TDayKind; name: string | null; source: string },
    centerId: number | null = null,
  ): Promise<TCalendarDay> {
    const year = Number(date.slice(0, 4));
    await nationalDays(year); // throws when the year is not loaded
    await db.transaction().execute(async (trx) => {
      const before = centerId === null ? await repo.findDay(trx, date) : await repo.findCenterDay(trx, centerId, date);
      if (centerId === null) await repo.updateDay(trx, date, update);
      else await repo.upsertCenterDay(trx, centerId, date, update);
      await recordAudit(trx, actor, {
        action: centerId === null ? 'calendar.day_set' : 'calendar.center_day_set',
        entityType: 'calendar_day',
        entityId: centerId === null ? date : `${centerId}:${date}`,
        centerId,
        before: before ?? null,
        after: { date, ...update },
      });
    });
    invalidate();
    await deps.bus.publish('calendar.changed', { year, date, centerId });
    return day(date, centerId === null ? [] : [centerId]);
  }

  async function clearCenterDay(actor: AuditActor, centerId: number, date: string) {
    await db.transaction().execute(async (trx) => {
      const before = await repo.findCenterDay(trx, centerId, date);
      if (!before) return;
      await repo.deleteCenterDay(trx, centerId, date);
      await recordAudit(trx, actor, {
        action: 'calendar.center_day_clear',
        entityType: 'calendar_day',
        entityId: `${centerId}:${date}`,
        centerId,
        before,
        after: null,
      });
    });
    invalidate();
    await deps.bus.publish('calendar.changed', { year: Number(date.slice(0, 4)), date, centerId });
  }

  return {
    day,
    days,
    isWorkingDay,
    addWorkingDays,
    workingDayOnOrAfter,
    status,
    loadYear,
    loadPackageYears,
    setDay,
    clearCenterDay,
    /** Drops cached days; called when another node reports a change. */
    invalidate,
  };
}

export type WorkingDayCalendar = ReturnType<typeof createWorkingDayCalendar>;
