import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MediaClock } from '../media/media-clock.js';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('MediaClock', () => {
  it('ticks every period without drifting, numbering ticks from 0', async () => {
    const clock = new MediaClock(20);
    const ticks: number[] = [];
    const started = performance.now();
    clock.subscribe((t) => ticks.push(t));
    clock.start();
    await sleep(1010);
    clock.stop();
    const elapsed = performance.now() - started;
    const expected = Math.floor(elapsed / 20);
    assert.deepEqual(ticks, [...ticks.keys()], 'contiguous from 0');
    const delivered = ticks.length + clock.stats().skippedTicks; // skipped only if this machine stalls >100 ms
    assert.ok(Math.abs(delivered - expected) <= 1, `${ticks.length} ticks in ${elapsed.toFixed(0)} ms`);
    assert.equal(clock.stats().ticks, ticks.length);
    const count = ticks.length;
    await sleep(50);
    assert.equal(ticks.length, count, 'stopped');
  });

  it('catches up at most 5 ticks after a stall and then resyncs', async () => {
    const clock = new MediaClock(20);
    const at: number[] = [];
    let stalled = false;
    clock.subscribe((t) => {
      at.push(performance.now());
      if (t === 2 && !stalled) {
        stalled = true;
        busy(300); // ~15 ticks missed
      }
    });
    clock.start();
    await sleep(700);
    clock.stop();
    const s = clock.stats();
    assert.ok(s.skippedTicks >= 8 && s.skippedTicks <= 12, `skipped ${s.skippedTicks}`);
    assert.ok(s.lateTicks >= 4, `late ${s.lateTicks}`);
    assert.ok(s.maxLagMs >= 200, `max lag ${s.maxLagMs}`);
    // The burst after the stall: 5 ticks back to back, then the regular pace again.
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    const burst = gaps.findIndex((g) => g > 250);
    assert.ok(burst >= 0);
    assert.ok(gaps.slice(burst + 1, burst + 5).every((g) => g < 5), 'catch-up ticks come at once');
    const after = gaps.slice(burst + 7);
    assert.ok(after.length > 5 && after.every((g) => g > 5 && g < 60), `regular again: ${after.map((g) => g.toFixed(0))}`);
  });

  it('survives throwing subscribers and unsubscribes during a tick', async () => {
    const clock = new MediaClock(5);
    let a = 0;
    let b = 0;
    const unsubscribeB = clock.subscribe(() => b++);
    clock.subscribe(() => {
      throw new Error('boom');
    });
    const unsubscribeA = clock.subscribe(() => {
      a++;
      if (a === 3) {
        unsubscribeA();
        unsubscribeB(); // already ran this tick
      }
    });
    clock.start();
    await sleep(100);
    clock.stop();
    assert.equal(a, 3);
    assert.equal(b, 3);
    const s = clock.stats();
    assert.ok(s.errors >= 10, `errors ${s.errors}`);
    assert.match(String(clock.lastError), /boom/);
    assert.ok(s.ticks >= 10);
  });

  it('can be stopped (and restarted) from inside a subscriber without doubling up', async () => {
    const clock = new MediaClock(5);
    let n = 0;
    clock.subscribe(() => {
      n++;
      if (n === 2) {
        clock.stop();
        clock.start();
      }
      if (n === 6) clock.stop();
    });
    clock.start();
    await sleep(150);
    assert.equal(n, 6);
    assert.equal(clock.running, false);
  });
});
