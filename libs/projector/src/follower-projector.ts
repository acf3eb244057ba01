import { setTimeout as sleep } from 'node:timers/promises';
import { Position } from '@tc/eventstore';
import { DomainError } from '@tc/kernel';
import { Projection, checkpointKey } from './projection';
import { ProjectionStatus, measureLag } from './projection-status';
import { Projector, ProjectorOptions, WaitResult } from './projector';

export interface FollowerProjectorOptions extends ProjectorOptions {
  /** How often a wait reads the stored checkpoints again (default 25 ms); waits share the reads. */
  readonly checkpointPollMs?: number;
}

/**
 * The projector of a process that runs no projection (an API beside workers, a worker for the
 * projections other replicas hold). Contexts register their projections with it as usual; it
 * runs and rebuilds nothing, and answers `waitFor` and `status` from the checkpoints that the
 * process running each projection stores with every batch. The checkpoint read is the one of
 * the generation queries read, so `?after=` keeps its meaning across processes.
 */
export class FollowerProjector extends Projector {
  private readonly followed = new Map<string, Projection>();
  private readonly recent = new Map<string, { readonly at: number; readonly read: Promise<Position | undefined> }>();
  private readonly follow: FollowerProjectorOptions;
  private following = true;

  constructor(options: FollowerProjectorOptions) {
    super({ ...options, projections: [] });
    this.follow = options;
    for (const projection of options.projections ?? []) this.register(projection);
  }

  override register(projection: Projection): void {
    super.register(projection);
    this.followed.set(projection.name, projection);
  }

  /** The projections registered here: what a worker runs under leases. */
  get projections(): readonly Projection[] {
    return [...this.followed.values()];
  }

  override async start(): Promise<void> {
    this.following = true;
  }

  override async stop(): Promise<void> {
    this.following = false;
  }

  override rebuild(name: string): Promise<void> {
    this.projection(name);
    throw new DomainError('PROJECTIONS_RUN_ELSEWHERE', `projection ${name} runs in the workers, not in this process: bump its version and restart the workers to rebuild it`);
  }

  override waitFor(position: Position, options: { timeoutMs?: number; projections?: readonly string[] } = {}): Promise<WaitResult> {
    const projections = options.projections ? options.projections.map((name) => this.projection(name)) : [...this.followed.values()];
    if (projections.length === 0) return Promise.resolve({ reached: true, position: undefined });
    return this.poll(projections, position, performance.now() + (options.timeoutMs ?? 5_000));
  }

  override async status(): Promise<ProjectionStatus[]> {
    const { eventStore, readStore } = this.follow;
    const now = (this.follow.clock ?? Date.now)();
    return Promise.all(
      [...this.followed.values()].map(async (projection) => {
        const state = await readStore.generations(projection.views[0].name);
        const checkpoint = state.active === undefined ? undefined : (await readStore.checkpoint(checkpointKey(projection.name, state.active)))?.position;
        const lag = await measureLag(eventStore, checkpoint, this.follow.lagCountCap ?? 10_000, now);
        const newer = state.generations.some((g) => state.active === undefined || g.generation > state.active);
        return {
          name: projection.name,
          version: projection.version,
          status: newer ? 'rebuilding' : state.active !== undefined && lag.events === 0 ? 'live' : 'catching-up',
          lag,
          ...(state.active === undefined ? {} : { generation: state.active }),
          ...(checkpoint === undefined ? {} : { checkpoint }),
        } satisfies ProjectionStatus;
      }),
    );
  }

  private async poll(projections: readonly Projection[], position: Position, deadline: number): Promise<WaitResult> {
    const compare = (a: Position, b: Position) => this.follow.eventStore.comparePositions(a, b);
    for (;;) {
      const positions = await Promise.all(projections.map((projection) => this.storedCheckpoint(projection)));
      const lowest = positions.includes(undefined) ? undefined : (positions as Position[]).reduce((a, b) => (compare(a, b) <= 0 ? a : b));
      const reached = lowest !== undefined && compare(lowest, position) >= 0;
      const left = deadline - performance.now();
      if (reached || left <= 0 || !this.following) return { reached, position: lowest };
      await sleep(Math.min(this.pollMs, left));
    }
  }

  /** What the generation queries read has reached; one read per projection per poll interval, however many wait. */
  private storedCheckpoint(projection: Projection): Promise<Position | undefined> {
    const cached = this.recent.get(projection.name);
    if (cached && performance.now() - cached.at < this.pollMs / 2) return cached.read;
    const read = (async () => {
      const { active } = await this.follow.readStore.generations(projection.views[0].name);
      return active === undefined ? undefined : (await this.follow.readStore.checkpoint(checkpointKey(projection.name, active)))?.position;
    })();
    this.recent.set(projection.name, { at: performance.now(), read });
    read.catch(() => this.recent.delete(projection.name));
    return read;
  }

  private get pollMs(): number {
    return this.follow.checkpointPollMs ?? 25;
  }

  private projection(name: string): Projection {
    const projection = this.followed.get(name);
    if (!projection) throw new Error(`no projection named ${name}`);
    return projection;
  }
}
