import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { newEvent, type DomainEvent, type EventBus, type EventHandler, type EventType } from './event-bus.js';

/**
 * Single-node event bus. Handlers run after `publish` resolves (on the next tick), one failing
 * handler never affects another or the publisher; failures are logged.
 */
export function createInProcessBus(deps: { clock: Clock; log: Logger }): EventBus & { idle(): Promise<void> } {
  const handlers = new Map<string, Set<EventHandler<any>>>();
  const inFlight = new Set<Promise<void>>();

  const deliver = (event: DomainEvent) => {
    for (const handler of handlers.get(event.type) ?? []) {
      const run = (async () => {
        await new Promise((r) => setImmediate(r));
        try {
          await handler(event);
        } catch (err) {
          deps.log.error({ err, eventType: event.type, eventId: event.id }, 'event handler failed');
        }
      })();
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    }
  };

  return {
    kind: 'in-process',
    async publish(type, payload, options) {
      const event = newEvent(type, payload, options?.centerId ?? null, deps.clock.now());
      deliver(event as DomainEvent);
      return event;
    },
    async subscribe<T extends EventType>(type: T, handler: EventHandler<T>) {
      const set = handlers.get(type) ?? new Set();
      set.add(handler);
      handlers.set(type, set);
      return async () => {
        set.delete(handler);
      };
    },
    /** Resolves when every handler started so far has finished (tests and shutdown). */
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    async close() {
      await this.idle();
      handlers.clear();
    },
  };
}
