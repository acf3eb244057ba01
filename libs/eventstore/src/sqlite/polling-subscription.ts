import { Position, StoredEvent, Subscription } from '../eventstore.port';

const WAKE_COALESCE_MS = 2;

export interface PollingSubscriptionOptions {
  /** Exclusive numeric position to start after. */
  readonly after: number;
  readonly batch: number;
  readonly pollIntervalMs: number;
  /** Matching events after `after`, and the log's head in the same snapshot. */
  readonly readPage: (after: number, limit: number) => { events: StoredEvent[]; head: number };
  readonly handler: (event: StoredEvent) => void | Promise<void>;
  readonly onError?: (error: unknown) => void;
  readonly onEnd: (subscription: PollingSubscription) => void;
}

/**
 * Catch-up and live delivery as one loop that always reads after its own cursor, so the
 * switch from one to the other can neither skip nor repeat an event. It sleeps when it has
 * read everything and wakes on `notify()` (appends through the same store) or on the poll
 * timer (appends by another process on the same file).
 */
export class PollingSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  position: Position | undefined;
  private stopped = false;
  private notified = false;
  private wake?: () => void;
  private pendingWake?: NodeJS.Timeout;
  private settleCaughtUp!: (error?: unknown) => void;
  private readonly done: Promise<void>;

  constructor(private readonly options: PollingSubscriptionOptions) {
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.settleCaughtUp = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Nobody has to await caughtUp; a failure is also reported through onError.
    this.caughtUp.catch(() => undefined);
    // Started on a later tick so that no handler runs before subscribe() has returned.
    this.done = Promise.resolve().then(() => this.run());
  }

  /**
   * Wakes the loop shortly after an append. A burst of appends (a tick, a fan-out) then costs
   * each subscriber one read instead of one per append, for a couple of milliseconds of latency.
   */
  notify(): void {
    this.notified = true;
    this.pendingWake ??= setTimeout(() => {
      this.pendingWake = undefined;
      this.wake?.();
    }, WAKE_COALESCE_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pendingWake);
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    const { batch, readPage, handler } = this.options;
    // With a filter, the cursor moves past skipped events too, so idle polls stay cheap.
    let cursor = this.options.after;
    try {
      while (!this.stopped) {
        this.notified = false;
        const { events, head } = readPage(cursor, batch);
        for (const event of events) {
          if (this.stopped) return;
          await handler(event);
          this.position = event.position;
        }
        if (events.length === batch) {
          cursor = Number(events[batch - 1].position);
          continue;
        }
        cursor = Math.max(cursor, head);
        this.settleCaughtUp();
        if (!this.notified) await this.sleep();
      }
    } catch (error) {
      this.stopped = true;
      this.settleCaughtUp(error);
      // Without onError, a dead subscription must not go unnoticed: leave an unhandled rejection.
      if (this.options.onError) this.options.onError(error);
      else void Promise.reject(error);
    } finally {
      this.settleCaughtUp(new Error('the subscription stopped before it caught up'));
      this.options.onEnd(this);
    }
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), this.options.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
