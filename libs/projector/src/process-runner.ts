import { EventStore, Position, StoredEvent, Subscription } from '@tc/eventstore';
import { ReadStore } from '@tc/readstore';
import { ProjectorLogger } from './projector';

/**
 * A durable reaction (DESIGN.md "Processes and time"): it reads stored events from its own
 * checkpoint and issues commands. Handlers must be idempotent — every command they send
 * carries an id derived from the event — because delivery is at least once: the checkpoint
 * is saved after the handler, so a crash in between replays the event, and replaying it
 * appends nothing.
 */
export interface ProcessManager {
  /** Letters, digits, `-` and `_`; it names the checkpoint. */
  readonly name: string;
  readonly eventTypes: readonly string[];
  handle(event: StoredEvent): Promise<void>;
}

export interface ProcessRunnerOptions {
  readonly eventStore: EventStore;
  /** Checkpoints are kept in the read store, beside the projections'. */
  readonly readStore: ReadStore;
  readonly logger?: ProjectorLogger;
  /** A failed handler is retried after this delay (default 2 s), never skipped. */
  readonly retryDelayMs?: number;
}

export const PROCESS_RUNNER = Symbol('ProcessRunner');

const checkpointOf = (name: string) => `process:${name}`;

export class ProcessRunner {
  private readonly processes: ProcessManager[] = [];
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private started = false;

  constructor(private readonly options: ProcessRunnerOptions) {}

  /** The registered processes: a worker runs each under a lease of its own. */
  get registered(): readonly ProcessManager[] {
    return this.processes;
  }

  register(process: ProcessManager): void {
    if (this.processes.some((p) => p.name === process.name)) throw new Error(`process ${process.name} is registered twice`);
    this.processes.push(process);
    if (this.started) void this.run(process);
  }

  async start(): Promise<void> {
    this.started = true;
    await Promise.all(this.processes.map((p) => this.run(p)));
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    await Promise.all([...this.subscriptions.values()].map((s) => s.stop()));
    this.subscriptions.clear();
  }

  /** The position each process has handled up to (for status and tests). */
  async checkpoints(): Promise<Record<string, Position | undefined>> {
    const entries = await Promise.all(this.processes.map(async (p) => [p.name, (await this.options.readStore.checkpoint(checkpointOf(p.name)))?.position] as const));
    return Object.fromEntries(entries);
  }

  /**
   * True once every process has handled every event of its types up to `position` (its
   * checkpoint is there, or nothing of its types lies between the two): what a caller waits
   * for before relying on the processes' reactions (alerts, limit reductions).
   */
  async handledUpTo(position: Position): Promise<boolean> {
    const { eventStore, readStore } = this.options;
    for (const process of this.processes) {
      const checkpoint = (await readStore.checkpoint(checkpointOf(process.name)))?.position;
      if (checkpoint !== undefined && eventStore.comparePositions(checkpoint, position) >= 0) continue;
      const [next] = await eventStore.readAll({ after: checkpoint, limit: 1, filter: { types: process.eventTypes } });
      if (next && eventStore.comparePositions(next.position, position) <= 0) return false;
    }
    return true;
  }

  private async run(process: ProcessManager): Promise<void> {
    const { eventStore, readStore } = this.options;
    const saved = await readStore.checkpoint(checkpointOf(process.name));
    const subscription = eventStore.subscribe({
      after: saved?.position,
      filter: { types: process.eventTypes },
      handler: async (event) => {
        await process.handle(event);
        await readStore.commit({ ops: [], checkpoints: [{ projection: checkpointOf(process.name), position: event.position, version: 1 }] });
      },
      onError: (error) => {
        this.subscriptions.delete(process.name);
        this.options.logger?.log('error', `process ${process.name} failed; retrying from its checkpoint`, { error: error instanceof Error ? error.message : String(error) });
        if (!this.started) return;
        const timer = setTimeout(() => {
          this.retries.delete(timer);
          if (this.started) void this.run(process);
        }, this.options.retryDelayMs ?? 2_000);
        this.retries.add(timer);
      },
    });
    this.subscriptions.set(process.name, subscription);
  }
}
