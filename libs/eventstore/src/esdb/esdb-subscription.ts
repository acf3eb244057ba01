import { Position, StoredEvent, Subscription } from '../eventstore.port';
import { EsdbPosition, compareEsdbPositions } from './esdb-position';

/** A server-side subscription as the client returns it: an object stream that can be cancelled. */
export interface SubscriptionStream extends AsyncIterable<unknown> {
  unsubscribe(): Promise<void>;
  destroy(error?: Error): unknown;
}

/** What the subscription needs of the store; the adapter supplies it, and tests an in-memory log. */
export interface SubscriptionSource {
  /** Opens a subscription to `$all` after `from` (the start of the log when undefined), filtered on the server. */
  open(from: EsdbPosition | undefined): SubscriptionStream;
  /**
   * One item of the stream: its position, with the event to deliver when the (exact, client-side)
   * filter selects it; undefined for items that are not events.
   */
  accept(item: unknown): { position: EsdbPosition; event?: StoredEvent } | undefined;
  /** The position of the last event in the log, or undefined when it holds none. */
  head(): Promise<EsdbPosition | undefined>;
  /** True when no event the filter selects lies after `after` and at or before `until`. */
  nothingBetween(after: EsdbPosition | undefined, until: EsdbPosition): Promise<boolean>;
  isRetryable(error: unknown): boolean;
}

export interface EsdbSubscriptionOptions {
  readonly after?: EsdbPosition;
  readonly handler: (event: StoredEvent) => void | Promise<void>;
  readonly onError?: (error: unknown) => void;
  /** Back-off between resubscriptions: doubles from `initialMs` up to `maxMs`, and starts again after progress. */
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly onDrop?: (error: unknown, retryInMs: number) => void;
  /** How often, while catching up, to check whether everything stored at the start is delivered. */
  readonly probeIntervalMs: number;
  readonly onEnd: (subscription: EsdbSubscription) => void;
}

/** A handler's own failure, told apart from the store's so that it is never retried. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Catch-up then live delivery from one `subscribeToAll`: the server reads from the checkpoint,
 * filters on its side, and keeps going live. Each event goes to the handler once, in log order,
 * the next one waiting for the handler's promise. After any drop (server restart, network,
 * no answer in time), it subscribes again from the last position it has handled, with back-off;
 * events at or before that position are skipped, so nothing is delivered twice.
 *
 * `caughtUp` is decided from positions, never from the server's "caught up" message, which can
 * arrive while events before it still wait in the client's buffer: it resolves once an event at
 * or after the head read at the start has been handled, or once a read of the log shows that
 * nothing the filter selects lies between the last handled event and that head.
 */
export class EsdbSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  position: Position | undefined;
  private cursor: EsdbPosition | undefined;
  private head: EsdbPosition | undefined;
  private headKnown = false;
  private isCaughtUp = false;
  private stopped = false;
  private stream?: SubscriptionStream;
  private watching?: Promise<void>;
  private readonly sleepers = new Set<() => void>();
  private settleCaughtUp!: (error?: unknown) => void;
  private readonly done: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: EsdbSubscriptionOptions,
  ) {
    this.cursor = options.after;
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.settleCaughtUp = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Nobody has to await caughtUp; a failure is also reported through onError.
    this.caughtUp.catch(() => undefined);
    // Started on a later tick so that no handler runs before subscribe() has returned.
    this.done = Promise.resolve().then(() => this.run());
  }

  /** Stops delivering; resolves once the handler in flight, if any, has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.sleepers) wake();
    this.closeStream();
    await this.done;
    await this.watching;
  }

  private async run(): Promise<void> {
    let failures = 0;
    try {
      while (!this.stopped) {
        try {
          if (!this.headKnown) await this.readHead();
          if (this.stopped) break;
          const stream = (this.stream = this.source.open(this.cursor));
          for await (const item of stream) {
            if (this.stopped) break;
            const accepted = this.source.accept(item);
            // Already handled: the start of a resubscription, or the checkpoint itself.
            if (!accepted || (this.cursor && compareEsdbPositions(accepted.position, this.cursor) <= 0)) continue;
            if (accepted.event) {
              try {
                await this.options.handler(accepted.event);
              } catch (error) {
                throw new HandlerFailure(error);
              }
              this.position = accepted.event.position;
            }
            this.cursor = accepted.position;
            failures = 0;
            if (this.head && compareEsdbPositions(accepted.position, this.head) >= 0) this.markCaughtUp();
            if (this.stopped) break;
          }
          if (!this.stopped) throw new Error('EventStoreDB ended the subscription');
        } catch (error) {
          if (this.stopped) break;
          if (error instanceof HandlerFailure) throw error.error;
          if (!this.source.isRetryable(error)) throw error;
          const delay = Math.min(this.options.retry.maxMs, this.options.retry.initialMs * 2 ** Math.min(failures++, 20));
          this.options.onDrop?.(error, delay);
          this.closeStream();
          await this.sleep(delay);
        } finally {
          this.closeStream();
        }
      }
    } catch (error) {
      this.stopped = true;
      this.settleCaughtUp(error);
      // Without onError, a dead subscription must not go unnoticed: leave an unhandled rejection.
      if (this.options.onError) this.options.onError(error);
      else void Promise.reject(error);
    } finally {
      this.stopped = true;
      for (const wake of this.sleepers) wake();
      this.settleCaughtUp(new Error('the subscription stopped before it caught up'));
      this.options.onEnd(this);
    }
  }

  /** The head when the subscription starts: "everything stored" is everything up to it. */
  private async readHead(): Promise<void> {
    this.head = await this.source.head();
    this.headKnown = true;
    if (this.head === undefined || (this.cursor && compareEsdbPositions(this.head, this.cursor) <= 0)) this.markCaughtUp();
    else this.watching = this.watchCatchUp(this.head);
  }

  /**
   * Reads the log between the last handled position and the start head until it holds nothing
   * left to deliver. A read that fails counts as a drop: the server is not answering, and a
   * subscription on the same connection cannot be trusted to notice.
   */
  private async watchCatchUp(head: EsdbPosition): Promise<void> {
    // Checked at once, then only while the stream is quiet: while events flow, the subscription is still catching up.
    let checkedAt: EsdbPosition | undefined | null = null;
    while (!this.isCaughtUp && !this.stopped) {
      if (checkedAt === null || checkedAt === this.cursor) {
        try {
          if (await this.source.nothingBetween(this.cursor, head)) {
            if (!this.stopped) this.markCaughtUp();
            return;
          }
        } catch (error) {
          if (!this.stopped) this.stream?.destroy(error instanceof Error ? error : new Error(String(error)));
        }
      }
      checkedAt = this.cursor;
      await this.sleep(this.options.probeIntervalMs);
    }
  }

  private markCaughtUp(): void {
    this.isCaughtUp = true;
    this.settleCaughtUp();
  }

  private closeStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream) return;
    stream.unsubscribe().catch(() => undefined);
    stream.destroy();
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
