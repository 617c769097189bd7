import { hostname } from 'node:os';
import {
  AckPolicy,
  ConsumerEvents,
  DeliverPolicy,
  StorageType,
  connect,
  nanos,
  type Consumer,
  type ConsumerMessages,
  type JsMsg,
} from 'nats';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { newEvent, type DomainEvent, type EventBus, type EventHandler, type EventType, type SubscribeOptions } from './event-bus.js';

const MAX_AGE_MS = 7 * 24 * 3600_000;
const MAX_DELIVERIES = 5;
const ACK_WAIT_MS = 60_000;
/** While a handler runs, tell the server every so often that the message is still being worked on. */
const WORKING_EVERY_MS = 15_000;
/**
 * Messages a durable subscription pulls ahead. Buffered messages are already "delivered", so their
 * ack wait runs while they queue behind the handler: keep the buffer small.
 */
const DURABLE_PREFETCH = 4;

/** Subject tokens may not be empty nor hold whitespace or wildcards. */
const subjectPart = (s: string) =>
  s
    .split('.')
    .map((t) => t.replace(/[^A-Za-z0-9_-]/g, '_') || '_')
    .join('.');
/** Consumer names may not hold dots, wildcards, slashes or whitespace. */
const consumerName = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
const retryDelay = (delivery: number) => Math.min(1000 * 2 ** (delivery - 1), 30_000);

function parseEvent(data: Uint8Array): DomainEvent | null {
  try {
    const e = JSON.parse(new TextDecoder().decode(data)) as DomainEvent;
    return e && typeof e === 'object' && typeof e.id === 'string' && typeof e.type === 'string' ? e : null;
  } catch {
    return null;
  }
}

/**
 * Event bus on NATS JetStream, for a province running several nodes. Events are kept in one stream
 * (subjects `<stream lowercased>.<event type>`) for 7 days. A subscription with a group is a durable
 * consumer shared by every node: each event is handled once, acknowledged after the handler
 * succeeds, redelivered with a growing delay when it throws, given up after 5 deliveries. One without
 * a group is an ordered consumer of this node alone, receiving events published from then on.
 */
export async function createNatsJetStreamBus(deps: {
  url: string;
  stream: string;
  clock: Clock;
  log: Logger;
  nodeId?: string;
}): Promise<EventBus> {
  const log = deps.log.child({ component: 'event-bus', stream: deps.stream });
  const nc = await connect({
    servers: deps.url,
    name: `hotline-12333-${deps.nodeId ?? hostname()}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
  void (async () => {
    for await (const s of nc.status()) {
      // `reconnecting` repeats on every attempt while the server is away: keep it out of info logs.
      const level = s.type === 'disconnect' || s.type === 'error' ? 'warn' : s.type === 'reconnecting' || s.type === 'pingTimer' ? 'debug' : 'info';
      log[level]({ status: s.type, data: s.data }, 'NATS connection status');
    }
  })().catch(() => {});
  void nc.closed().then((err) => {
    if (err) log.error({ err }, 'NATS connection closed with an error');
  });

  const prefix = subjectPart(deps.stream.toLowerCase());
  const subjectOf = (type: string) => `${prefix}.${subjectPart(type)}`;
  const jsm = await nc.jetstreamManager();
  try {
    const info = await jsm.streams.info(deps.stream);
    if (!info.config.subjects.includes(`${prefix}.>`)) {
      log.warn({ subjects: info.config.subjects }, `stream exists without subject ${prefix}.>; publishing may fail`);
    }
  } catch (err) {
    if ((err as Error).message !== 'stream not found') throw err;
    // Two nodes starting together both get here: adding an identical stream twice is not an error.
    await jsm.streams.add({ name: deps.stream, subjects: [`${prefix}.>`], storage: StorageType.File, max_age: nanos(MAX_AGE_MS) });
    log.info('event stream created');
  }
  const js = nc.jetstream();

  type Subscription = { consumer: Consumer; durable: boolean; messages: ConsumerMessages; stopping: boolean; done: Promise<void>; stopped?: Promise<void> };
  const subscriptions = new Set<Subscription>();

  async function runHandler<T extends EventType>(msg: JsMsg, handler: EventHandler<T>, durable: boolean) {
    const event = parseEvent(msg.data) as DomainEvent<T> | null;
    if (!event) {
      log.error({ subject: msg.subject, seq: msg.info.streamSequence }, 'malformed event dropped');
      if (durable) msg.term();
      return;
    }
    const working = durable ? setInterval(() => msg.working(), WORKING_EVERY_MS) : undefined;
    try {
      await handler(event);
      if (durable) msg.ack();
    } catch (err) {
      const delivery = msg.info.redeliveryCount; // 1 on the first delivery
      const ctx = { err, eventType: event.type, eventId: event.id, delivery };
      if (!durable) log.error(ctx, 'event handler failed');
      else if (delivery >= MAX_DELIVERIES) {
        log.error(ctx, 'event handler failed, giving up');
        msg.term();
      } else {
        log.error(ctx, 'event handler failed, will retry');
        msg.nak(retryDelay(delivery));
      }
    } finally {
      clearInterval(working);
    }
  }

  function stop(sub: Subscription) {
    sub.stopping = true;
    subscriptions.delete(sub);
    return (sub.stopped ??= (async () => {
      await sub.messages.close();
      // The server must see the pull request's inbox go before anything else is published: a pull it
      // still thinks is open would take the next event, which then waits out the ack wait (60 s).
      await nc.flush().catch(() => {});
      await sub.done; // the handler in flight finishes first
      // The server-side part of an ordered consumer is ephemeral; a durable one is kept.
      if (!sub.durable) await sub.consumer.delete().catch(() => {});
    })());
  }

  let closing: Promise<void> | undefined;

  return {
    kind: 'nats-jetstream',
    async publish(type, payload, options) {
      const event = newEvent(type, payload, options?.centerId ?? null, deps.clock.now());
      await js.publish(subjectOf(type), JSON.stringify(event), { msgID: event.id });
      return event;
    },

    async subscribe<T extends EventType>(type: T, handler: EventHandler<T>, options: SubscribeOptions = {}) {
      if (closing) throw new Error('event bus is closed');
      const durable = Boolean(options.group);
      let consumer: Consumer;
      if (options.group) {
        const name = consumerName(`${deps.stream}_${options.group}_${type}`);
        const config = {
          durable_name: name,
          filter_subject: subjectOf(type),
          ack_policy: AckPolicy.Explicit,
          // A new group starts from now on, not from 7 days of history.
          deliver_policy: DeliverPolicy.New,
          max_deliver: MAX_DELIVERIES,
          ack_wait: nanos(ACK_WAIT_MS),
        };
        try {
          await jsm.consumers.add(deps.stream, config); // idempotent when the config is unchanged
        } catch (err) {
          // Exists with another configuration (an older deployment): use it as it is.
          await jsm.consumers.info(deps.stream, name).catch(() => Promise.reject(err));
          log.warn({ err, consumer: name }, 'durable consumer exists with a different configuration');
        }
        consumer = await js.consumers.get(deps.stream, name);
      } else {
        consumer = await js.consumers.get(deps.stream, { filterSubjects: subjectOf(type), deliver_policy: DeliverPolicy.New });
      }

      const messages = await consumer.consume(durable ? { max_messages: DURABLE_PREFETCH } : { max_messages: 100 });
      const sub: Subscription = { consumer, durable, messages, stopping: false, done: Promise.resolve() };
      sub.done = (async () => {
        for await (const msg of messages) {
          if (sub.stopping) {
            // Pulled but not started: hand it straight back to the other nodes of the group.
            if (durable) msg.nak();
            continue;
          }
          await runHandler(msg, handler, durable);
        }
      })().catch((err) => log.error({ err, eventType: type, group: options.group }, 'event consumer stopped'));
      void (async () => {
        for await (const s of await messages.status()) {
          if (Object.values(ConsumerEvents).includes(s.type as ConsumerEvents)) {
            log.warn({ status: s.type, data: s.data, eventType: type, group: options.group }, 'event consumer status');
          }
        }
      })().catch(() => {});
      subscriptions.add(sub);

      return () => stop(sub);
    },

    close() {
      closing ??= (async () => {
        await Promise.all([...subscriptions].map(stop));
        await nc.drain();
      })();
      return closing;
    },
  };
}
