import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect } from 'nats';
import { systemClock } from '../../clock.js';
import { createLogger } from '../../logging/logger.js';
import type { EventBus } from '../event-bus.js';
import { createInProcessBus } from '../in-process-bus.js';
import { createNatsJetStreamBus } from '../nats-jetstream-bus.js';

declare module '../event-bus.js' {
  interface DomainEvents {
    'test.ping': { n: number };
  }
}

const log = createLogger({ level: 'silent' });
const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('in-process event bus', () => {
  it('delivers after publish, isolates a failing handler, and stops after unsubscribe', async () => {
    const bus = createInProcessBus({ clock: systemClock, log });
    const seen: number[] = [];
    await bus.subscribe('test.ping', () => {
      throw new Error('boom');
    });
    const unsubscribe = await bus.subscribe('test.ping', (e) => {
      seen.push(e.payload.n);
    });
    const event = await bus.publish('test.ping', { n: 1 }, { centerId: 3 });
    assert.equal(event.centerId, 3);
    assert.deepEqual(seen, [], 'handlers run after publish resolves');
    await bus.idle();
    assert.deepEqual(seen, [1]);
    await unsubscribe();
    await bus.publish('test.ping', { n: 2 });
    await bus.idle();
    assert.deepEqual(seen, [1]);
    await bus.close();
  });
});

const natsUrl = process.env.TEST_NATS_URL;
describe('NATS JetStream event bus', { skip: natsUrl ? false : 'TEST_NATS_URL not set' }, () => {
  const stream = `TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
  let a: EventBus;
  let b: EventBus;
  before(async () => {
    a = await createNatsJetStreamBus({ url: natsUrl!, stream, clock: systemClock, log, nodeId: 'a' });
    b = await createNatsJetStreamBus({ url: natsUrl!, stream, clock: systemClock, log, nodeId: 'b' });
  });
  after(async () => {
    await a.close();
    await b.close();
    const nc = await connect({ servers: natsUrl });
    await (await nc.jetstreamManager()).streams.delete(stream);
    await nc.close();
  });

  it('without a group every node sees every event, payload and center intact', async () => {
    const onA: any[] = [];
    const onB: any[] = [];
    const ua = await a.subscribe('test.ping', (e) => void onA.push(e));
    const ub = await b.subscribe('test.ping', (e) => void onB.push(e));
    await a.publish('test.ping', { n: 7 }, { centerId: 5 });
    await until(() => onA.length === 1 && onB.length === 1);
    assert.deepEqual(onB[0].payload, { n: 7 });
    assert.equal(onB[0].centerId, 5);
    assert.equal(onA[0].id, onB[0].id);
    await ua();
    await ub();
  });

  it('with a group each event is handled once across nodes, and a failed handling is retried', async () => {
    const handled: number[] = [];
    let failedOnce = false;
    const handler = (e: { payload: { n: number } }) => {
      if (e.payload.n === 3 && !failedOnce) {
        failedOnce = true;
        throw new Error('transient');
      }
      handled.push(e.payload.n);
    };
    const ua = await a.subscribe('test.ping', handler, { group: 'sms' });
    const ub = await b.subscribe('test.ping', handler, { group: 'sms' });
    for (let n = 0; n < 20; n++) await (n % 2 ? a : b).publish('test.ping', { n });
    await until(() => handled.length >= 20);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual([...handled].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
    assert.ok(failedOnce);
    await ua();
    await ub();
  });
});
