/**
 * Per-source token buckets: each address may send `perSecond` requests of a kind on average, with
 * bursts up to `burst`. A flood of INVITEs or REGISTERs from one address is refused (503 with
 * Retry-After) without touching the database or the media ports.
 */
export class SourceRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  allow(source: string): boolean {
    const t = this.now();
    let b = this.buckets.get(source);
    if (!b) {
      b = { tokens: this.burst, at: t };
      this.buckets.set(source, b);
      if (this.buckets.size > 50_000) this.prune(t);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private prune(t: number) {
    for (const [k, b] of this.buckets) if (t - b.at > 60_000) this.buckets.delete(k);
  }
}
