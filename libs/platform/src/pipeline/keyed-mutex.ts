/**
 * Runs tasks one at a time per key, in arrival order. The pipeline queues commands of one
 * stream in this process, so they never race each other; the expected-revision check still
 * guards against other processes (API replicas, the CLI).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a task running or queued (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
