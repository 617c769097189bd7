import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { EventBus } from './event-bus.js';
import { createInProcessBus } from './in-process-bus.js';

/** In-process on one node; NATS JetStream when NATS_URL is set, so several nodes share events. */
export async function createEventBus(config: Pick<Config, 'nats'>, deps: { clock: Clock; log: Logger }): Promise<EventBus> {
  if (!config.nats) return createInProcessBus(deps);
  const { createNatsJetStreamBus } = await import('./nats-jetstream-bus.js');
  return createNatsJetStreamBus({ url: config.nats.url, stream: config.nats.stream, ...deps });
}
