import { createRequire } from 'node:module';
import { dayOfWeek, addDays } from '../clock.js';
import type { TDayKind } from '../../shared/api/calendar.js';

/**
 * The published holiday schedules bundled in the chinese-days package (国务院办公厅 annual notices
 * 关于某年部分节假日安排的通知). The package only covers the years whose notice it has; for any other year
 * its own API guesses Monday–Friday, which is why we read its data file and never its functions.
 */
const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
const version = (require('chinese-days/package.json') as { version: string }).version;

export const CHINESE_DAYS_SOURCE = `chinese-days@${version}(国务院办公厅部分节假日安排通知)`;

/** Years with a published schedule in the package. */
export const packageYears: number[] = [
  ...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)))),
].sort((a, b) => a - b);

export type SourceDay = { date: string; kind: TDayKind; name: string | null; source: string };

/** "Spring Festival,春节,4" → 春节 */
function chineseName(entry: string): string {
  return entry.split(',')[1] ?? entry;
}

export function daysOfYearFromPackage(year: number): SourceDay[] {
  if (!packageYears.includes(year)) throw new Error(`chinese-days has no schedule for ${year}`);
  return everyDate(year).map((date) => {
    const makeup = data.workdays[date];
    if (makeup) return { date, kind: 'makeup_workday', name: `${chineseName(makeup)}调休上班`, source: CHINESE_DAYS_SOURCE };
    const holiday = data.holidays[date];
    if (holiday) return { date, kind: 'holiday', name: chineseName(holiday), source: CHINESE_DAYS_SOURCE };
    return weeklyPatternDay(date, CHINESE_DAYS_SOURCE);
  });
}

/** Monday–Friday workdays and weekend rest days, with no holidays: loaded only on an administrator's say. */
export function daysOfYearFromWeeklyPattern(year: number, source: string): SourceDay[] {
  return everyDate(year).map((date) => weeklyPatternDay(date, source));
}

function weeklyPatternDay(date: string, source: string): SourceDay {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6
    ? { date, kind: 'rest_day', name: null, source }
    : { date, kind: 'workday', name: null, source };
}

function everyDate(year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) out.push(d);
  return out;
}
