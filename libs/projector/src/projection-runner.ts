import { EventStore, Position } from '@tc/eventstore';
import { ReadStore } from '@tc/readstore';
import { PendingBatch } from './pending-batch';
import { Projection, checkpointKey, eventFilterOf } from './projection';

export interface RunnerSettings {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  /** A batch is committed once it holds this many events… */
  readonly maxEvents: number;
  /** …or once its oldest change is this old (ms), whichever comes first. */
  readonly maxDelayMs: number;
  /** Documents a runner keeps in memory after committing them, so that it need not read them back. */
  readonly keepDocuments: number;
  /** How often an idle runner looks for new events without being woken. */
  readonly pollIntervalMs: number;
  /** After a failure, wait this long and resume from the last checkpoint; false: stay failed. */
  readonly retryDelayMs: number | false;
  /** Milliseconds, for batch delays. */
  readonly now: () => number;
}

export interface RunnerEvents {
  onCommit(runner: ProjectionRunner): void;
  onFailure(runner: ProjectionRunner, error: unknown): void;
}

export type RunnerState = 'catching-up' | 'live' | 'failed';

/**
 * Runs one projection into one generation of its views. Catch-up and live are one loop over
 * pages of the log read after its own cursor, so the switch between them can neither skip nor
 * repeat an event. The checkpoint it commits is the furthest position it has read, past the
 * events its filter skips: a caught-up runner has passed every position up to the head.
 */
export class ProjectionRunner {
  state: RunnerState = 'catching-up';
  error: unknown;
  /** The position stored with the last commit: the views hold everything up to it. */
  committed: Position | undefined;
  /** The head of the log as last seen. */
  head: Position | undefined;
  /** Events applied and committed since this runner was created. */
  appliedEvents = 0;
  readonly key: string;

  private cursor: Position | undefined;
  private hasCheckpoint: boolean;
  private readonly batch: PendingBatch;
  /** When the oldest uncommitted change happened (an event applied, or the cursor moved). */
  private dirtySince: number | undefined;
  private urgent = false;
  private stopping = true;
  private loop: Promise<void> = Promise.resolve();
  private wakeUp?: () => void;
  private caughtUpWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(
    private readonly settings: RunnerSettings,
    readonly projection: Projection,
    readonly generation: number,
    /** The stored checkpoint to resume from, if any. */
    from: { position?: Position } | undefined,
    private readonly events: RunnerEvents,
  ) {
    this.key = checkpointKey(projection.name, generation);
    this.committed = this.cursor = from?.position;
    this.hasCheckpoint = from !== undefined;
    this.batch = new PendingBatch(projection, generation, settings.readStore, (a, b) => settings.eventStore.comparePositions(a, b), settings.keepDocuments);
  }

  start(): void {
    if (!this.stopping) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops after the event in hand and commits what was applied (unless it failed). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    if (this.state !== 'failed') await this.flush();
    for (const waiter of this.caughtUpWaiters.splice(0)) waiter.reject(new Error(`projection ${this.projection.name} stopped before it caught up`));
  }

  /** On a stopped runner: reads to the head and commits, so a checkpoint exists even for an empty log. */
  async drain(): Promise<void> {
    while ((await this.step(true)) === 'more');
    if (!this.hasCheckpoint) await this.flush(true);
  }

  /** Urgent: commit as soon as caught up, without waiting out the batch delay (someone waits to read). */
  wake(urgent = false): void {
    if (urgent) this.urgent = true;
    this.wakeUp?.();
  }

  /** Resolves the next time the runner has read the whole log and committed it. */
  whenCaughtUp(): Promise<void> {
    return new Promise((resolve, reject) => this.caughtUpWaiters.push({ resolve, reject }));
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const next = await this.step(false);
        // Between the pages of a catch-up, queries and appends get their turn: a rebuild never stalls the service.
        if (next === 'more') await yieldToEventLoop();
        // Gathering a batch, it reads again when the batch is due, not on every append: one read of
        // the log per batch instead of one per commit of the event store (unless a reader is waiting).
        else await this.sleep(next, this.dirtySince === undefined ? 'any' : 'urgent');
      } catch (error) {
        this.fail(error);
        if (this.settings.retryDelayMs === false) return;
        await this.sleep(this.settings.retryDelayMs, 'stop');
        this.recover();
      }
    }
  }

  /** Reads and applies one page; returns 'more' while catching up, else how long it may sleep. */
  private async step(force: boolean): Promise<'more' | number> {
    const { eventStore, maxEvents, maxDelayMs, pollIntervalMs, now } = this.settings;
    const head = await eventStore.headPosition();
    this.head = head;
    if (head !== undefined && (this.cursor === undefined || eventStore.comparePositions(head, this.cursor) > 0)) {
      const page = await eventStore.readAll({ after: this.cursor, limit: maxEvents, filter: eventFilterOf(this.projection) });
      for (const event of page) {
        if (this.stopping && !force) return 0;
        this.dirtySince ??= now();
        await this.batch.apply(event);
        this.cursor = event.position;
        if (this.batch.events >= maxEvents) await this.flush();
      }
      // A full page may hold more after it, unless it ended on the head read before it.
      if (page.length === maxEvents && (this.cursor === undefined || eventStore.comparePositions(head, this.cursor) > 0)) {
        this.state = 'catching-up';
        return 'more';
      }
      // A short page holds every matching event up to the head read before it: the rest were skipped by the filter.
      if (this.cursor === undefined || eventStore.comparePositions(head, this.cursor) > 0) {
        this.cursor = head;
        this.dirtySince ??= now();
      }
    }
    if (this.dirtySince !== undefined) {
      // Only a live runner waits to gather more events; one that just caught up commits at once.
      const waited = now() - this.dirtySince;
      if (this.state === 'live' && !force && !this.urgent && waited < maxDelayMs) return maxDelayMs - waited;
      await this.flush();
    }
    this.state = 'live';
    this.error = undefined;
    this.urgent = false;
    for (const waiter of this.caughtUpWaiters.splice(0)) waiter.resolve();
    return pollIntervalMs;
  }

  /** Commits the pending writes with the checkpoint, in one batch. */
  private async flush(always = false): Promise<void> {
    this.urgent = false;
    if (this.dirtySince === undefined && !always) return;
    const checkpoint = { projection: this.key, version: this.projection.version, ...(this.cursor === undefined ? {} : { position: this.cursor }) };
    await this.settings.readStore.commit({ ops: this.batch.ops(), checkpoints: [checkpoint] });
    this.appliedEvents += this.batch.events;
    this.committed = this.cursor;
    this.hasCheckpoint = true;
    this.batch.committed();
    this.dirtySince = undefined;
    this.events.onCommit(this);
  }

  private fail(error: unknown): void {
    this.state = 'failed';
    this.error = error;
    this.events.onFailure(this, error);
  }

  /** Forgets everything not committed and starts again from the checkpoint. */
  private recover(): void {
    this.batch.clear();
    this.cursor = this.committed;
    this.dirtySince = undefined;
    if (!this.stopping) this.state = 'catching-up';
  }

  /** Sleeps `ms`; a wake-up ends it early: any, only an urgent one (or a stop), or only a stop. */
  private sleep(ms: number, wakeable: 'any' | 'urgent' | 'stop'): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = wakeable === 'any' ? done : () => (this.stopping || (wakeable === 'urgent' && this.urgent)) && done();
    });
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
