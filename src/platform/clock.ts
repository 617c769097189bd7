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

const dateFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: CENTER_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const timeFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: CENTER_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Asia/Shanghai calendar date of an instant, `YYYY-MM-DD`, whatever the server's time zone. */
export function shanghaiDate(instant: Date): string {
  return dateFormatter.format(instant);
}

/** The Asia/Shanghai wall-clock time of an instant, `HH:MM`. */
export function shanghaiTime(instant: Date): string {
  return timeFormatter.format(instant);
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
