import { EventStore, Position, Subscription } from '@tc/eventstore';
import { ReadStore, sameDefinition } from '@tc/readstore';
import { Projection, checkpointKey } from './projection';
import { ProjectionRunner, RunnerSettings } from './projection-runner';
import { ProjectionStatus, RebuildProgress, leadingNumber, measureLag, rebuildProgress } from './projection-status';

export const PROJECTOR = Symbol('Projector');

export interface ProjectorLogger {
  log(level: 'info' | 'warn' | 'error', message: string, context?: Record<string, unknown>): void;
}

export interface ProjectorOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projections?: readonly Projection[];
  /**
   * A batch is committed at `maxEvents` (default 5,000: in a catch-up or a rebuild, a large batch
   * turns several events of one document into one write, most of a rebuild's speed) or once
   * its oldest live change is `maxDelayMs` old (default 50 ms), whichever comes first.
   */
  readonly batch?: { readonly maxEvents?: number; readonly maxDelayMs?: number };
  /**
   * Documents each projection keeps in memory once committed (default 20,000, the least
   * recently written forgotten first), so that the next event of a document does not read it back.
   */
  readonly keepDocuments?: number;
  /** Default 1000 ms: a fallback, since a subscription wakes the runners on every append. */
  readonly pollIntervalMs?: number;
  /** Default 5000 ms; false leaves a failed projection failed until the next start. */
  readonly retryDelayMs?: number | false;
  /** Lag counts at most this many events (default 10,000). */
  readonly lagCountCap?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Default 1000 ms between two progress reports of a rebuild. */
  readonly progressIntervalMs?: number;
  /** Reads a position as a number for the rebuild's ETA; default: its first run of digits. */
  readonly positionNumber?: (position: Position) => number | undefined;
  readonly logger?: ProjectorLogger;
  /** The clock lag in seconds is measured with, against events' recordedAt (default: system time). */
  readonly clock?: () => number;
}

export interface WaitResult {
  /** Whether every projection waited for passed the position in time. */
  readonly reached: boolean;
  /** The lowest checkpoint among them: what the views show (undefined if one has none yet). */
  readonly position: Position | undefined;
}

/** One projection: the runner behind the generation queries read, and a rebuild beside it. */
interface Slot {
  readonly projection: Projection;
  live?: ProjectionRunner;
  /** The generation queries read, and its checkpoint when no runner updates it (a version bump freezes it). */
  generation?: number;
  frozenCheckpoint?: Position;
  builder?: ProjectionRunner;
  rebuilding?: Promise<void>;
  rebuildStartedAt: number;
  progressAt: number;
  /** How the last rebuild went (events applied, rate), once it was switched in. */
  lastRebuild?: RebuildProgress;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Runs projections from the global log into the read store, each from its own checkpoint,
 * in batches committed with that checkpoint. A projection whose version or view definitions
 * changed, or that has never run, is built into a new generation beside the one queries read
 * (blue/green), which is switched in atomically once it has caught up.
 */
export class Projector {
  private readonly slots = new Map<string, Slot>();
  private readonly settings: RunnerSettings;
  private readonly waiters = new Set<() => void>();
  private doorbell?: Subscription;
  private started = false;

  constructor(private readonly options: ProjectorOptions) {
    this.settings = {
      eventStore: options.eventStore,
      readStore: options.readStore,
      maxEvents: options.batch?.maxEvents ?? 5_000,
      maxDelayMs: options.batch?.maxDelayMs ?? 50,
      keepDocuments: options.keepDocuments ?? 20_000,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      retryDelayMs: options.retryDelayMs ?? 5_000,
      now: () => performance.now(),
    };
    for (const projection of options.projections ?? []) this.register(projection);
  }

  /** Each context's module registers its projections before the app starts the projector. */
  register(projection: Projection): void {
    if (this.started) throw new Error(`projection ${projection.name}: register projections before start()`);
    if (!NAME.test(projection.name) || this.slots.has(projection.name)) throw new Error(`projection name ${JSON.stringify(projection.name)} is invalid or taken`);
    if (!Number.isInteger(projection.version) || projection.version < 1) throw new Error(`projection ${projection.name}: version must be a positive integer`);
    if (projection.views.length === 0) throw new Error(`projection ${projection.name} declares no view`);
    for (const view of projection.views) {
      const owner = [...this.slots.values()].find((slot) => slot.projection.views.some((v) => v.name === view.name));
      if (owner) throw new Error(`view ${view.name} is written by ${owner.projection.name} already`);
    }
    this.slots.set(projection.name, { projection, rebuildStartedAt: 0, progressAt: 0 });
  }

  /** Resumes every projection from its checkpoint, or starts its rebuild; resolves once all run (not once caught up). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { eventStore } = this.options;
    // Wakes the runners on every append, so live views follow within the batch delay rather than the poll interval.
    this.doorbell = eventStore.subscribe({
      after: await eventStore.headPosition(),
      handler: () => this.slots.forEach((slot) => slot.live?.wake()),
      onError: (error) => this.log('warn', 'projector: the live subscription stopped; runners fall back to polling', { error: String(error) }),
    });
    for (const slot of this.slots.values()) await this.open(slot);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.doorbell?.stop();
    for (const slot of this.slots.values()) {
      await slot.builder?.stop();
      await slot.live?.stop();
      await slot.rebuilding?.catch(() => undefined);
    }
    for (const settle of this.waiters) settle();
  }

  /**
   * Builds the projection's views again from the start of the log, beside the ones queries
   * read, and switches to them once caught up. Joins a rebuild already running.
   */
  rebuild(name: string): Promise<void> {
    const slot = this.slot(name);
    if (!this.started) return Promise.reject(new Error('the projector is not started'));
    slot.rebuilding ??= this.runRebuild(slot).finally(() => (slot.rebuilding = undefined));
    return slot.rebuilding;
  }

  /** For `?after=`: resolves once the projections (all, or those named) have passed `position`, or when time is up. */
  waitFor(position: Position, options: { timeoutMs?: number; projections?: readonly string[] } = {}): Promise<WaitResult> {
    const slots = options.projections ? options.projections.map((name) => this.slot(name)) : [...this.slots.values()];
    const compare = (a: Position, b: Position) => this.options.eventStore.comparePositions(a, b);
    const reached = (): WaitResult => {
      const positions = slots.map((slot) => this.servedCheckpoint(slot));
      const lowest = positions.includes(undefined) ? undefined : (positions as Position[]).reduce((a, b) => (compare(a, b) <= 0 ? a : b), positions[0] as Position);
      return { reached: lowest !== undefined && compare(lowest, position) >= 0, position: lowest };
    };
    const now = reached();
    if (now.reached || slots.length === 0) return Promise.resolve({ ...now, reached: true });
    for (const slot of slots) slot.live?.wake(true);
    return new Promise((resolve) => {
      const settle = () => {
        const result = reached();
        if (!result.reached && !timedOut && this.started) return;
        clearTimeout(timer);
        this.waiters.delete(settle);
        resolve(result);
      };
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        settle();
      }, options.timeoutMs ?? 5_000);
      this.waiters.add(settle);
    });
  }

  async status(): Promise<ProjectionStatus[]> {
    const now = (this.options.clock ?? Date.now)();
    return Promise.all(
      [...this.slots.values()].map(async (slot) => {
        const { live, builder, projection } = slot;
        const failed = [builder, live].find((runner) => runner?.state === 'failed');
        const checkpoint = this.servedCheckpoint(slot);
        return {
          name: projection.name,
          version: projection.version,
          status: failed ? 'failed' : builder ? 'rebuilding' : (live?.state ?? 'catching-up'),
          lag: await measureLag(this.options.eventStore, checkpoint, this.options.lagCountCap ?? 10_000, now),
          ...(slot.generation === undefined ? {} : { generation: slot.generation }),
          ...(checkpoint === undefined ? {} : { checkpoint }),
          ...(failed ? { error: String(failed.error instanceof Error ? failed.error.message : failed.error) } : {}),
          ...(builder ? { rebuild: this.progress(slot, builder, false) } : {}),
          ...(slot.lastRebuild ? { lastRebuild: slot.lastRebuild } : {}),
        } satisfies ProjectionStatus;
      }),
    );
  }

  private async open(slot: Slot): Promise<void> {
    const { readStore } = this.options;
    const { projection } = slot;
    const states = await Promise.all(projection.views.map((view) => readStore.generations(view.name)));
    const active = states[0].active;
    const current =
      active !== undefined &&
      states.every((state, i) => state.active === active && state.generations.some((g) => g.generation === active && sameDefinition(g.definition, projection.views[i])));
    // Generations nobody reads are what a rebuild left when it was cut short: it starts over.
    for (const state of states) {
      for (const { generation } of state.generations) if (generation !== state.active) await readStore.dropGeneration(state.view, generation);
    }
    const checkpoint = active === undefined ? undefined : await readStore.checkpoint(checkpointKey(projection.name, active));
    slot.generation = active;
    if (current && checkpoint?.version === projection.version) {
      slot.live = this.runner(slot, active, checkpoint);
      slot.live.start();
      return;
    }
    // Queries keep reading the old generation, frozen, until the new one replaces it.
    slot.frozenCheckpoint = checkpoint?.position;
    this.log('info', `projector: rebuilding ${projection.name}`, { from: checkpoint?.version, to: projection.version, definitionsChanged: !current });
    this.rebuild(projection.name).catch((error) => this.log('error', `projector: rebuild of ${projection.name} did not finish`, { error: String(error) }));
  }

  private async runRebuild(slot: Slot): Promise<void> {
    const { readStore } = this.options;
    const { projection } = slot;
    const states = await Promise.all(projection.views.map((view) => readStore.generations(view.name)));
    const generation = 1 + Math.max(...states.map((state) => state.lastCreated));
    for (const view of projection.views) await readStore.createGeneration(view, generation);
    const builder = this.runner(slot, generation, undefined);
    slot.builder = builder;
    slot.rebuildStartedAt = slot.progressAt = this.settings.now();
    try {
      builder.start();
      await builder.whenCaughtUp();
      // Built into bare storage; its query indexes now, each once over the whole view, while the builder keeps up.
      await readStore.buildIndexes(projection.views.map((view) => ({ view: view.name, generation })));
      // The switch: the old generation stops changing, the new one takes the last events, then reads move in one step.
      await slot.live?.stop();
      await builder.stop();
      await builder.drain();
      await readStore.activate(projection.views.map((view) => ({ view: view.name, generation })));
    } catch (error) {
      slot.builder = undefined;
      await builder.stop();
      if (this.started) slot.live?.start();
      throw error;
    }
    const old = slot.generation;
    // Measured at the switch: the builder goes on as the live runner and keeps counting.
    const done = this.progress(slot, builder, true);
    Object.assign(slot, { live: builder, generation, builder: undefined, frozenCheckpoint: undefined, lastRebuild: done });
    builder.start();
    this.options.onProgress?.(done);
    this.settleWaiters();
    if (old !== undefined) {
      for (const view of projection.views) await readStore.dropGeneration(view.name, old).catch((error) => this.log('warn', `projector: could not drop ${view.name} generation ${old}`, { error: String(error) }));
    }
  }

  private runner(slot: Slot, generation: number, from: { position?: Position } | undefined): ProjectionRunner {
    return new ProjectionRunner(this.settings, slot.projection, generation, from, {
      onCommit: (runner) => {
        if (runner === slot.live) this.settleWaiters();
        if (runner === slot.builder && this.options.onProgress && this.settings.now() - slot.progressAt >= (this.options.progressIntervalMs ?? 1_000)) {
          slot.progressAt = this.settings.now();
          this.options.onProgress(this.progress(slot, runner, false));
        }
      },
      onFailure: (runner, error) =>
        this.log('error', `projector: ${runner.projection.name} failed`, { generation: runner.generation, checkpoint: runner.committed, error: error instanceof Error ? error.stack : String(error) }),
    });
  }

  private progress(slot: Slot, runner: ProjectionRunner, done: boolean): RebuildProgress {
    return rebuildProgress(runner, slot.rebuildStartedAt, this.settings.now(), this.options.positionNumber ?? leadingNumber, done);
  }

  private servedCheckpoint(slot: Slot): Position | undefined {
    return slot.live ? slot.live.committed : slot.frozenCheckpoint;
  }

  private settleWaiters(): void {
    for (const settle of [...this.waiters]) settle();
  }

  private slot(name: string): Slot {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`no projection named ${name}`);
    return slot;
  }

  private log(level: 'info' | 'warn' | 'error', message: string, context?: Record<string, unknown>): void {
    this.options.logger?.log(level, message, context);
  }
}
