import { hostname } from 'node:os';
import {
  AckPolicy,
  DeliverPolicy,
  JSONCodec,
  StorageType,
  connect,
  nanos,
  type ConsumerMessages,
  type JsMsg,
} from 'nats';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { newEvent, type DomainEvent, type EventBus, type EventHandler, type EventType } from './event-bus.js';

const codec = JSONCodec<DomainEvent>();
const MAX_DELIVERIES = 5;

/** Consumer names may not hold dots, wildcards or spaces. */
const consumerName = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * Event bus on NATS JetStream, for a province running several nodes. Events are kept in one stream
 * (subjects `<stream>.<event type>`) for 7 days. A subscription with a group is a durable consumer
 * shared by every node (each event handled once, acknowledged after the handler succeeds, redelivered
 * up to 5 times when it throws); one without a group is an ordered consumer of this node alone.
 */
export async function createNatsJetStreamBus(deps: {
  url: string;
  stream: string;
  clock: Clock;
  log: Logger;
  nodeId?: string;
}): Promise<EventBus> {
  const log = deps.log.child({ component: 'event-bus', stream: deps.stream });
  const nc = await connect({ servers: deps.url, name: `hotline-12333-${deps.nodeId ?? hostname()}`, maxReconnectAttempts: -1 });
  void (async () => {
    for await (const s of nc.status()) log.info({ status: s.type }, 'NATS connection status');
  })().catch(() => {});

  const prefix = deps.stream.toLowerCase();
  const subjectOf = (type: string) => `${prefix}.${type.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(deps.stream);
  } catch {
    await jsm.streams.add({ name: deps.stream, subjects: [`${prefix}.>`], storage: StorageType.File, max_age: nanos(7 * 24 * 3600_000) });
  }
  const js = nc.jetstream();
  const subscriptions = new Set<{ messages: ConsumerMessages; done: Promise<void> }>();

  async function handle<T extends EventType>(msg: JsMsg, handler: EventHandler<T>, durable: boolean) {
    let event: DomainEvent<T>;
    try {
      event = codec.decode(msg.data) as DomainEvent<T>;
    } catch (err) {
      log.error({ err, subject: msg.subject }, 'malformed event dropped');
      if (durable) msg.term();
      return;
    }
    try {
      await handler(event);
      if (durable) msg.ack();
    } catch (err) {
      log.error({ err, eventType: event.type, eventId: event.id, delivery: msg.info.redeliveryCount }, 'event handler failed');
      if (durable) msg.nak(1000);
    }
  }

  return {
    kind: 'nats-jetstream',
    async publish(type, payload, options) {
      const event = newEvent(type, payload, options?.centerId ?? null, deps.clock.now());
      await js.publish(subjectOf(type), codec.encode(event as DomainEvent), { msgID: event.id });
      return event;
    },
    async subscribe<T extends EventType>(type: T, handler: EventHandler<T>, options: { group?: string } = {}) {
      let consumer;
      if (options.group) {
        const durable = consumerName(`${options.group}_${type}`);
        try {
          await jsm.consumers.info(deps.stream, durable);
        } catch {
          await jsm.consumers.add(deps.stream, {
            durable_name: durable,
            filter_subject: subjectOf(type),
            ack_policy: AckPolicy.Explicit,
            deliver_policy: DeliverPolicy.New,
            max_deliver: MAX_DELIVERIES,
            ack_wait: nanos(30_000),
          });
        }
        consumer = await js.consumers.get(deps.stream, durable);
      } else {
        consumer = await js.consumers.get(deps.stream, { filterSubjects: subjectOf(type), deliver_policy: DeliverPolicy.New });
      }
      const messages = await consumer.consume({ max_messages: 100 });
      const durable = Boolean(options.group);
      const done = (async () => {
        for await (const msg of messages) await handle(msg, handler, durable);
      })().catch((err) => log.error({ err, type }, 'event consumer stopped'));
      const sub = { messages, done };
      subscriptions.add(sub);
      return async () => {
        subscriptions.delete(sub);
        await messages.close();
        await done;
      };
    },
    async close() {
      for (const sub of subscriptions) {
        await sub.messages.close();
        await sub.done;
      }
      subscriptions.clear();
      await nc.drain();
    },
  };
}
