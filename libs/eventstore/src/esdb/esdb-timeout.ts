/**
 * Raised when EventStoreDB does not answer a call within the adapter's own timeout. The client
 * cannot be trusted with this: against a server that accepts the connection and never answers,
 * `appendToStream` never settles, whatever its `deadline` (TOOLCHAIN.md).
 */
export class EventStoreTimeoutError extends Error {
  constructor(
    /** What the adapter was doing, e.g. `append to policy-7`. */
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(
      `EventStoreDB did not answer within ${timeoutMs} ms: ${operation}` +
        (operation.startsWith('append') ? ' (the append may still be applied; retrying it with the same event ids appends nothing twice)' : ''),
    );
    this.name = 'EventStoreTimeoutError';
  }
}

interface Pending {
  readonly timer: NodeJS.Timeout;
  readonly reject: (error: unknown) => void;
}

/**
 * Races calls against a timer and keeps the timers it has armed, so that closing the store
 * clears them all at once (and fails the calls still waiting) instead of leaving the process
 * alive until the last one fires.
 */
export class TimeoutRacer {
  private readonly pending = new Set<Pending>();

  constructor(readonly timeoutMs: number) {
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`a timeout is a positive number of milliseconds, not ${timeoutMs}`);
  }

  /**
   * Settles with `work`, or rejects with an EventStoreTimeoutError once `timeoutMs` has passed
   * (then `onTimeout` runs, to cancel what can be cancelled). A late outcome of `work` is ignored.
   */
  race<T>(operation: string, work: Promise<T>, onTimeout?: () => void, timeoutMs = this.timeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          reject(new EventStoreTimeoutError(operation, timeoutMs));
          try {
            onTimeout?.();
          } catch {
            // Cancelling is best effort; the caller already has its error.
          }
        }, timeoutMs),
        reject,
      };
      this.pending.add(entry);
      const settle = () => {
        clearTimeout(entry.timer);
        this.pending.delete(entry);
      };
      work.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  /** How many calls are waiting (tests check that closing leaves none). */
  get size(): number {
    return this.pending.size;
  }

  /** Clears every timer and fails every call still waiting with `reason`. */
  cancelAll(reason: Error): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(reason);
    }
    this.pending.clear();
  }
}
