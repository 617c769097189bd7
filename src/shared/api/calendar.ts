import { z } from 'zod';
import { ZDate } from './common.js';

/**
 * Kinds of calendar day. `rest_day` is an ordinary weekend day; `holiday` a statutory
 * holiday day (including the weekend days inside a holiday period); `makeup_workday`
 * a weekend day worked in exchange for a bridged holiday (调休上班).
 */
export const DAY_KINDS = ['workday', 'rest_day', 'holiday', 'makeup_workday'] as const;
export const ZDayKind = z.enum(DAY_KINDS);
export type TDayKind = z.infer<typeof ZDayKind>;

export const ZCalendarDay = z.object({
  date: ZDate,
  kind: ZDayKind,
  name: z.string().nullable(),
  source: z.string(),
  /** Set when a center's own override decides this day (e.g. a local holiday). */
  centerId: z.number().int().nullable(),
});
export type TCalendarDay = z.infer<typeof ZCalendarDay>;

export const ZCalendarDayUpdate = z.object({
  kind: ZDayKind,
  name: z.string().trim().max(40).nullable().default(null),
  source: z.string().trim().min(2, { message: '请注明依据(如国务院办公厅通知文号)' }).max(200),
});

export const ZCalendarWarning = z.object({ code: z.string(), message: z.string(), messageEn: z.string() });

export const ZCalendarStatus = z.object({
  today: ZDate,
  loadedYears: z.array(z.object({ year: z.number().int(), source: z.string(), loadedAt: z.string() })),
  /** Years the bundled chinese-days package has data for and that can be loaded. */
  packageYears: z.array(z.number().int()),
  warnings: z.array(ZCalendarWarning),
});
export type TCalendarStatus = z.infer<typeof ZCalendarStatus>;

export const ZLoadYearRequest = z.object({
  /**
   * `chinese-days`: the bundled package's published schedule for that year.
   * `weekly-pattern`: Monday–Friday workdays, Saturday–Sunday rest days, loaded on purpose by an
   * administrator who then enters the year's holidays from the State Council notice.
   */
  source: z.enum(['chinese-days', 'weekly-pattern']),
});
