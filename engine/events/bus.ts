/**
 * The listener bus: where the driver posts Spark listener events and where
 * every reader (views, lesson checks, the event-log writer, the runner)
 * receives them. It also keeps every event posted, in order, so a reader that
 * arrives late can start from `events` and subscribe for the rest.
 */
import type { SparkEvent } from './types';

/** Receives each event posted after it subscribed. */
export type SparkListener = (event: SparkEvent) => void;

/**
 * Delivers events to listeners synchronously, in the order they were posted.
 * A listener that throws is reported with `console.error` and the event still
 * reaches every other listener, as in Spark's `ListenerBus`.
 *
 * @example
 * const bus = new ListenerBus();
 * const unsubscribe = bus.subscribe((e) => { if (e.Event === 'SparkListenerJobEnd') console.log('job done'); });
 * bus.post({ Event: 'SparkListenerLogStart', 'Spark Version': '4.0.0' });
 * unsubscribe();
 */
export class ListenerBus {
  readonly #events: SparkEvent[] = [];
  /** Each subscription is its own entry, so subscribing one function twice delivers twice and unsubscribes once. */
  readonly #subscriptions = new Set<{ listener: SparkListener }>();
  /** Events posted by a listener while another event is being delivered wait here. */
  readonly #pending: SparkEvent[] = [];
  #delivering = false;

  /** Records the event and delivers it to every current listener. */
  post(event: SparkEvent): void {
    this.#events.push(event);
    this.#pending.push(event);
    // A listener that posts must not have its event overtake the one being delivered.
    if (this.#delivering) return;
    this.#delivering = true;
    try {
      for (let next = this.#pending.shift(); next !== undefined; next = this.#pending.shift()) {
        this.#deliver(next);
      }
    } finally {
      this.#delivering = false;
    }
  }

  /**
   * Calls `listener` with every event posted from now on.
   * @returns a function that stops the deliveries
   */
  subscribe(listener: SparkListener): () => void {
    const subscription = { listener };
    this.#subscriptions.add(subscription);
    return () => {
      this.#subscriptions.delete(subscription);
    };
  }

  /** Every event posted so far, oldest first. */
  get events(): readonly SparkEvent[] {
    return this.#events;
  }

  #deliver(event: SparkEvent): void {
    // A copy, so listeners that (un)subscribe during delivery do not disturb this event's round.
    for (const subscription of [...this.#subscriptions]) {
      if (!this.#subscriptions.has(subscription)) continue;
      try {
        subscription.listener(event);
      } catch (error) {
        console.error(`ListenerBus: a listener threw while handling ${event.Event}`, error);
      }
    }
  }
}
