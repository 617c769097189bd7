/**
 * The one packet clock every call shares: each tick, every subscriber sends its next 20 ms frame.
 * Deadlines are computed from the start time (start + n × period), never from the previous
 * timer, so timer lateness does not accumulate into drift.
 */

export type MediaClockStats = {
  /** Ticks delivered to subscribers. */
  ticks: number;
  /** Ticks delivered more than half a period after their deadline. */
  lateTicks: number;
  /** Ticks dropped because the process fell too far behind (see MAX_CATCH_UP). */
  skippedTicks: number;
  /** Largest delay of a timer behind its deadline (before any resync). */
  maxLagMs: number;
  /** Exceptions thrown by subscribers (caught; the clock goes on). */
  errors: number;
};

/** After a stall, at most this many missed ticks are replayed at once; the rest are dropped. */
const MAX_CATCH_UP = 5;

export class MediaClock {
  private readonly subscribers = new Set<(tick: number) => void>();
  private timer: NodeJS.Timeout | null = null;
  private origin = 0; // performance.now() of tick 0's deadline
  private tick = 0; // next tick to deliver
  private s: MediaClockStats = { ticks: 0, lateTicks: 0, skippedTicks: 0, maxLagMs: 0, errors: 0 };
  lastError: unknown = null;

  constructor(readonly periodMs = 20) {
    if (!(periodMs > 0)) throw new RangeError(`MediaClock: bad period ${periodMs}`);
  }

  /** Returns the unsubscribe function; safe to call at any time, also from inside a tick. */
  subscribe(fn: (tick: number) => void): () => void {
    const entry = (tick: number): void => fn(tick); // own identity, so one fn may subscribe twice
    this.subscribers.add(entry);
    return () => void this.subscribers.delete(entry);
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.origin = performance.now() + this.periodMs;
    this.tick = 0;
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  stats(): MediaClockStats {
    return { ...this.s };
  }

  private schedule(): void {
    const deadline = this.origin + this.tick * this.periodMs;
    this.timer = setTimeout(this.run, Math.max(0, deadline - performance.now()));
  }

  private readonly run = (): void => {
    const timer = this.timer; // stop() (and start()) from a subscriber replaces it: then we are done
    const now = performance.now();
    // Ticks whose deadline has passed; at least the one this timer was set for.
    const lag = now - (this.origin + this.tick * this.periodMs);
    if (lag > this.s.maxLagMs) this.s.maxLagMs = lag;
    let due = Math.max(1, Math.floor((now - this.origin) / this.periodMs) + 1 - this.tick);
    if (due > MAX_CATCH_UP) {
      // Resync: shift the schedule so the last replayed tick is "now"; tick numbers stay contiguous.
      const dropped = due - MAX_CATCH_UP;
      this.origin += dropped * this.periodMs;
      this.s.skippedTicks += dropped;
      due = MAX_CATCH_UP;
    }
    for (let i = 0; i < due && this.timer === timer; i++) {
      if (now - (this.origin + this.tick * this.periodMs) > this.periodMs / 2) this.s.lateTicks++;
      this.deliver(this.tick++);
    }
    if (this.timer === timer) this.schedule();
  };

  private deliver(tick: number): void {
    this.s.ticks++;
    // Iterating a Set while entries are deleted is safe; entries added now also run this tick.
    for (const fn of this.subscribers) {
      try {
        fn(tick);
      } catch (err) {
        this.s.errors++;
        this.lastError = err;
      }
    }
  }
}
