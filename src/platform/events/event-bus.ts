import { randomUUID } from 'node:crypto';

/**
 * Domain events: what happened, after it was committed. Modules declare their events by augmenting
 * `DomainEvents` (event type → payload), e.g. in their `events.ts`:
 *
 *   declare module '../../platform/events/event-bus.js' {
 *     interface DomainEvents { 'centers.center_updated': { centerId: number } }
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface DomainEvents {}

export type EventType = keyof DomainEvents & string;

export type DomainEvent<T extends EventType = EventType> = {
  id: string;
  type: T;
  occurredAt: string;
  /** The center the event concerns, for scoped consumers such as the live view. */
  centerId: number | null;
  payload: DomainEvents[T];
};

export type EventHandler<T extends EventType> = (event: DomainEvent<T>) => Promise<void> | void;

export type SubscribeOptions = {
  /**
   * Consumer group. Handlers with the same group share the work: on several nodes each event is
   * handled by one of them (a work order's SMS is sent once). Without a group every node's handler
   * sees every event (a live view on each node).
   */
  group?: string;
};

export type Unsubscribe = () => Promise<void>;

export interface EventBus {
  readonly kind: 'in-process' | 'nats-jetstream';
  publish<T extends EventType>(type: T, payload: DomainEvents[T], options?: { centerId?: number | null }): Promise<DomainEvent<T>>;
  subscribe<T extends EventType>(type: T, handler: EventHandler<T>, options?: SubscribeOptions): Promise<Unsubscribe>;
  close(): Promise<void>;
}

export function newEvent<T extends EventType>(type: T, payload: DomainEvents[T], centerId: number | null, now: Date): DomainEvent<T> {
  return { id: randomUUID(), type, occurredAt: now.toISOString(), centerId, payload };
}
