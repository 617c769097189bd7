/**
 * Calendar dates for the calculators, as UTC midnights so that no time zone shifts a day. Periods
 * follow 《民法典》201–203: the first day is not counted; a period in months ends on the same day of
 * the month, or on that month's last day when it has no such day.
 */
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (already validated by `ZDate`) → UTC midnight. */
export function parseDate(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

export const showDate = (d: Date): string => d.toISOString().slice(0, 10);

export const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * DAY_MS);

export function addMonths(d: Date, n: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last)));
}
