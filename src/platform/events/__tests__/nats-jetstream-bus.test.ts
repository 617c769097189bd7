import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { systemClock } from '../../clock.js';
import { createLogger } from '../../logging/logger.js';
import type { DomainEvent, EventBus } from '../event-bus.js';
import { createNatsJetStreamBus } from '../nats-jetstream-bus.js';

declare module '../event-bus.js' {
  interface DomainEvents {
    'test.ping': { n: number };
    'test.odd name*>': { s: string };
  }
}

const natsUrl = process.env.TEST_NATS_URL;

const lines: Record<string, unknown>[] = [];
const log = createLogger({
  level: 'warn',
  destination: new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  }),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('NATS JetStream event bus', { skip: natsUrl ? false : 'TEST_NATS_URL not set' }, () => {
  const stream = `TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
  const prefix = stream.toLowerCase();
  let a: EventBus; // two buses on two connections: two nodes
  let b: EventBus;
  let nc: NatsConnection;

  const consumerInfo = async (name: string) => (await nc.jetstreamManager()).consumers.info(stream, name);

  before(async () => {
    nc = await connect({ servers: natsUrl });
    a = await createNatsJetStreamBus({ url: natsUrl!, stream, clock: systemClock, log, nodeId: 'a' });
    b = await createNatsJetStreamBus({ url: natsUrl!, stream, clock: systemClock, log, nodeId: 'b' });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await (await nc?.jetstreamManager())?.streams.delete(stream).catch(() => {});
    await nc?.close();
  });

  it('creates the stream with file storage, 7 days max age and the prefix subject', async () => {
    const info = await (await nc.jetstreamManager()).streams.info(stream);
    assert.deepEqual(info.config.subjects, [`${prefix}.>`]);
    assert.equal(info.config.storage, 'file');
    assert.equal(info.config.max_age, 7 * 24 * 3600 * 1e9);
  });

  it('without a group every node receives every new event, payload and centerId intact', async () => {
    await a.publish('test.ping', { n: -1 }); // before subscribing: not delivered
    const onA: DomainEvent<'test.ping'>[] = [];
    const onB: DomainEvent<'test.ping'>[] = [];
    const ua = await a.subscribe('test.ping', (e) => void onA.push(e));
    const ub = await b.subscribe('test.ping', (e) => void onB.push(e));
    const published = await a.publish('test.ping', { n: 7 }, { centerId: 5 });
    await until(() => onA.length === 1 && onB.length === 1, 'both nodes');
    assert.equal(a.kind, 'nats-jetstream');
    assert.deepEqual(onA[0], published);
    assert.deepEqual(onB[0], published);
    assert.deepEqual(onB[0]!.payload, { n: 7 });
    assert.equal(onB[0]!.centerId, 5);
    await ua();
    await ub();
    await a.publish('test.ping', { n: 8 });
    await sleep(300);
    assert.equal(onA.length + onB.length, 2, 'nothing after unsubscribe');
  });

  it('maps event types with characters invalid in subjects', async () => {
    const got: string[] = [];
    const u = await b.subscribe('test.odd name*>', (e) => void got.push(e.payload.s));
    await a.publish('test.odd name*>', { s: 'ok' });
    await until(() => got.length === 1, 'odd event');
    assert.deepEqual(got, ['ok']);
    await u();
  });

  it('with the same group on two nodes each event is handled exactly once in total', async () => {
    const handled: number[] = [];
    const byNode = { a: 0, b: 0 };
    const ua = await a.subscribe('test.ping', (e) => void (handled.push(e.payload.n), byNode.a++), { group: 'sms' });
    const ub = await b.subscribe('test.ping', (e) => void (handled.push(e.payload.n), byNode.b++), { group: 'sms' });
    for (let n = 0; n < 20; n++) await (n % 2 ? a : b).publish('test.ping', { n });
    await until(() => handled.length >= 20, '20 events');
    await sleep(500); // a duplicate would show up by now
    assert.deepEqual([...handled].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
    assert.equal(byNode.a + byNode.b, 20);
    await ua();
    await ub();
    const info = await consumerInfo(`${stream}_sms_test_ping`);
    assert.equal(info.num_ack_pending, 0, 'all acknowledged');
  });

  it('redelivers an event whose handler threw', async () => {
    const attempts: number[] = [];
    const handled: number[] = [];
    const handler = (e: DomainEvent<'test.ping'>) => {
      attempts.push(e.payload.n);
      if (e.payload.n === 3 && attempts.filter((n) => n === 3).length === 1) throw new Error('transient');
      handled.push(e.payload.n);
    };
    const ua = await a.subscribe('test.ping', handler, { group: 'retry' });
    const ub = await b.subscribe('test.ping', handler, { group: 'retry' });
    for (let n = 1; n <= 5; n++) await a.publish('test.ping', { n });
    await until(() => handled.length === 5, 'retry');
    assert.deepEqual([...handled].sort(), [1, 2, 3, 4, 5]);
    assert.equal(attempts.filter((n) => n === 3).length, 2);
    assert.ok(lines.some((l) => l.msg === 'event handler failed, will retry' && l.delivery === 1));
    await ua();
    await ub();
  });

  it('keeps a durable group across unsubscribe: events published meanwhile are handled on return', async () => {
    const got: number[] = [];
    const u1 = await a.subscribe('test.ping', (e) => void got.push(e.payload.n), { group: 'later' });
    await u1();
    await b.publish('test.ping', { n: 42 });
    await sleep(200);
    assert.equal(got.length, 0);
    const u2 = await b.subscribe('test.ping', (e) => void got.push(e.payload.n), { group: 'later' });
    await until(() => got.length === 1, 'event kept for the group');
    assert.deepEqual(got, [42]);
    await u2();
  });

  it('logs and drops malformed messages without stopping the subscription', async () => {
    const grouped: number[] = [];
    const live: number[] = [];
    const ug = await a.subscribe('test.ping', (e) => void grouped.push(e.payload.n), { group: 'robust' });
    const ul = await b.subscribe('test.ping', (e) => void live.push(e.payload.n));
    const js = nc.jetstream();
    await js.publish(`${prefix}.test.ping`, 'not json');
    await js.publish(`${prefix}.test.ping`, '{"no":"event"}');
    await a.publish('test.ping', { n: 1 });
    await until(() => grouped.length === 1 && live.length === 1, 'the valid event');
    assert.ok(lines.filter((l) => l.msg === 'malformed event dropped').length >= 4, 'both bad messages logged by both consumers');
    await sleep(200);
    const info = await consumerInfo(`${stream}_robust_test_ping`);
    assert.equal(info.num_ack_pending, 0, 'malformed message terminated, not left pending');
    assert.equal(info.num_redelivered, 0);
    await ug();
    await ul();
  });

  it('survives the server going away: logs it, reconnects, and subscriptions resume', async () => {
    // A TCP proxy in front of NATS that can be cut, so the shared server is left alone.
    const target = new URL(natsUrl!);
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 4222), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as net.AddressInfo).port;
    const c = await createNatsJetStreamBus({ url: `nats://127.0.0.1:${port}`, stream, clock: systemClock, log, nodeId: 'c' });
    const grouped: number[] = [];
    const live: number[] = [];
    await c.subscribe('test.ping', (e) => void grouped.push(e.payload.n), { group: 'outage' });
    await c.subscribe('test.ping', (e) => void live.push(e.payload.n));
    try {
      proxy.close();
      for (const s of sockets) s.destroy();
      await until(() => lines.some((l) => l.msg === 'NATS connection status' && l.status === 'disconnect'), 'disconnect logged');
      await a.publish('test.ping', { n: 1 }); // while node c is away
      await sleep(1500);
      await new Promise<void>((r) => proxy.listen(port, '127.0.0.1', r));
      await until(() => grouped.length === 1, 'the event kept for the group while away', 15_000);
      await a.publish('test.ping', { n: 2 });
      await until(() => grouped.length === 2 && live.includes(2), 'events after reconnect', 15_000);
      assert.deepEqual(grouped, [1, 2]);
    } finally {
      await c.close();
      await new Promise((r) => proxy.close(r));
      for (const s of sockets) s.destroy();
    }
  });

  it('close() lets the handler in flight finish', async () => {
    const c = await createNatsJetStreamBus({ url: natsUrl!, stream, clock: systemClock, log, nodeId: 'c' });
    let started = false;
    let finished = false;
    await c.subscribe(
      'test.ping',
      async () => {
        started = true;
        await sleep(300);
        finished = true;
      },
      { group: 'slow' },
    );
    await a.publish('test.ping', { n: 1 });
    await until(() => started, 'slow handler start');
    await c.close();
    assert.ok(finished);
    await c.close(); // twice is harmless
    await sleep(200);
    assert.equal((await consumerInfo(`${stream}_slow_test_ping`)).num_ack_pending, 0, 'acknowledged before the connection closed');
  });

  it('a process using the bus exits by itself after close() (no hanging handles)', async () => {
    const moduleUrl = new URL('../nats-jetstream-bus.ts', import.meta.url).href;
    const script = `
      import pino from 'pino';
      const { createNatsJetStreamBus } = await import(${JSON.stringify(moduleUrl)});
      const bus = await createNatsJetStreamBus({ url: process.env.TEST_NATS_URL, stream: ${JSON.stringify(stream)},
        clock: { now: () => new Date() }, log: pino({ level: 'silent' }), nodeId: 'child' });
      let n = 0;
      await bus.subscribe('test.ping', () => { n++; });
      await bus.subscribe('test.ping', () => { n++; }, { group: 'child' });
      await bus.publish('test.ping', { n: 1 });
      while (n < 2) await new Promise((r) => setTimeout(r, 10));
      await bus.close();
      console.log('closed');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      cwd: new URL('../../../../', import.meta.url),
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 15_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 0, `child should exit on its own, output:\n${output}`);
    assert.match(output, /closed/);
  });
});
