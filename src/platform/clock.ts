/** Time source, injected everywhere so deadlines and working hours can be tested under a frozen clock. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `start` and moves only when told. */
export function fixedClock(start: Date | string): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (v) => {
      t = new Date(v).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A clock for tests that runs in real time from `start` (call durations), at a chosen hour of a chosen day. */
export function runningClock(start: Date | string): Clock {
  const offset = new Date(start).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

export const CENTER_TIME_ZONE = 'Asia/Shanghai';

/**
 * China keeps UTC+8 all year (no daylight saving since 1991), so the center's calendar is plain
 * arithmetic: much cheaper than Intl, and it is asked for every answer and every deadline.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The Asia/Shanghai calendar date of an instant, `YYYY-MM-DD`, whatever the server's time zone. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Asia/Shanghai wall-clock time of an instant, `HH:MM`. */
export function shanghaiTime(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant of a Shanghai wall-clock time on a date (China has no daylight saving: UTC+8). */
export function shanghaiInstant(date: string, time: string): Date {
  return new Date(`${date}T${time === '24:00' ? '23:59:59.999' : `${time}:00`}+08:00`);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** Day of week of a `YYYY-MM-DD` date, 0 = Sunday. */
export function dayOfWeek(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay();
}
