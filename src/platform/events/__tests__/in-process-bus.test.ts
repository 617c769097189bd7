import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { fixedClock } from '../../clock.js';
import { createLogger } from '../../logging/logger.js';
import { createInProcessBus } from '../in-process-bus.js';

declare module '../event-bus.js' {
  interface DomainEvents {
    'test.ping': { n: number };
  }
}

/** A logger whose JSON lines are kept for assertions. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { log: createLogger({ level: 'info', destination }), lines };
}

describe('in-process event bus', () => {
  it('delivers the event to every handler of its type after publish resolves', async () => {
    const clock = fixedClock('2025-03-01T09:00:00+08:00');
    const bus = createInProcessBus({ clock, log: capturingLogger().log });
    const one: unknown[] = [];
    const two: unknown[] = [];
    await bus.subscribe('test.ping', (e) => void one.push(e));
    await bus.subscribe('test.ping', (e) => void two.push(e));

    const event = await bus.publish('test.ping', { n: 1 }, { centerId: 3 });
    assert.equal(bus.kind, 'in-process');
    assert.deepEqual(one, [], 'handlers run after publish resolves');
    assert.equal(event.type, 'test.ping');
    assert.equal(event.centerId, 3);
    assert.equal(event.occurredAt, '2025-03-01T01:00:00.000Z');
    assert.match(event.id, /^[0-9a-f-]{36}$/);

    await bus.idle();
    assert.deepEqual(one, [event]);
    assert.deepEqual(two, [event]);
    assert.equal((await bus.publish('test.ping', { n: 2 })).centerId, null, 'centerId defaults to null');
    await bus.close();
  });

  it('isolates a failing handler from the others and from the publisher, and logs it', async () => {
    const { log, lines } = capturingLogger();
    const bus = createInProcessBus({ clock: fixedClock('2025-03-01T00:00:00Z'), log });
    const seen: number[] = [];
    await bus.subscribe('test.ping', () => {
      throw new Error('boom');
    });
    await bus.subscribe('test.ping', async () => {
      await Promise.reject(new Error('async boom'));
    });
    await bus.subscribe('test.ping', (e) => void seen.push(e.payload.n));

    await bus.publish('test.ping', { n: 7 });
    await bus.idle();
    assert.deepEqual(seen, [7]);
    const failures = lines.filter((l) => l.msg === 'event handler failed');
    assert.equal(failures.length, 2);
    assert.equal(failures[0]!.eventType, 'test.ping');
    await bus.close();
  });

  it('stops delivering to a handler after unsubscribe, others keep receiving', async () => {
    const bus = createInProcessBus({ clock: fixedClock('2025-03-01T00:00:00Z'), log: capturingLogger().log });
    const a: number[] = [];
    const b: number[] = [];
    const unsubscribeA = await bus.subscribe('test.ping', (e) => void a.push(e.payload.n));
    await bus.subscribe('test.ping', (e) => void b.push(e.payload.n));
    await bus.publish('test.ping', { n: 1 });
    await bus.idle();
    await unsubscribeA();
    await unsubscribeA(); // twice is harmless
    await bus.publish('test.ping', { n: 2 });
    await bus.idle();
    assert.deepEqual(a, [1]);
    assert.deepEqual(b, [1, 2]);
    await bus.close();
  });

  it('idle() and close() wait for slow handlers, including events published by handlers', async () => {
    const bus = createInProcessBus({ clock: fixedClock('2025-03-01T00:00:00Z'), log: capturingLogger().log });
    const done: number[] = [];
    await bus.subscribe('test.ping', async (e) => {
      await new Promise((r) => setTimeout(r, 30));
      done.push(e.payload.n);
      if (e.payload.n < 3) await bus.publish('test.ping', { n: e.payload.n + 1 });
    });
    await bus.publish('test.ping', { n: 1 });
    await bus.idle();
    assert.deepEqual(done, [1, 2, 3]);

    await bus.publish('test.ping', { n: 10 });
    await bus.close();
    assert.deepEqual(done, [1, 2, 3, 10]);
    await bus.publish('test.ping', { n: 11 });
    await bus.idle();
    assert.deepEqual(done, [1, 2, 3, 10], 'no handlers after close');
  });
});
