import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { CalendarDate, Decider, DomainError, Message } from '@tc/kernel';
import { KeyedMutex } from './keyed-mutex';
import { Actor, EVENT_STORE, EventStore, NewEvent, Position, SNAPSHOT_STORE, SnapshotStore, StoredEvent, WrongExpectedRevisionError } from '@tc/eventstore';

/** Who sent a command, in which request, and why: it becomes the events' metadata. */
export interface CommandMetadata {
  readonly actor: Actor;
  readonly correlationId: string;
  /** Id of this command (the causation of its events); a reaction passes the id of the event that caused it. */
  readonly commandId?: string;
  readonly comment?: string;
  /** The revision the client read (If-Match): a stale one is a 409, never retried. */
  readonly ifMatch?: number;
}

export interface AggregateCommand<State, Command extends Message, Event extends Message> {
  readonly stream: string;
  readonly decider: Decider<State, Command, Event>;
  readonly command: Command;
  readonly metadata: CommandMetadata;
  /** The business date of the fact the command records. */
  readonly effectiveDate: CalendarDate;
  /** Schema version of each event type as written now (default 1). */
  readonly schemaVersionOf?: (type: Event['type']) => number;
  /** Event ids; deterministic ids make a re-sent reaction a no-op (default: random). */
  readonly eventIdOf?: (event: Event, index: number) => string;
  /** Long streams: load from a snapshot plus later events. */
  readonly snapshots?: SnapshotPolicy;
}

/**
 * Take a snapshot once `every` events were folded past the last one. `version` names the
 * state's shape: bump it when the state changes and older snapshots are ignored. The state
 * must be plain JSON, as a snapshot is stored and read back as JSON.
 */
export interface SnapshotPolicy {
  readonly version: string;
  readonly every: number;
}

export interface CommandOutcome<State, Event extends Message> {
  readonly stream: string;
  /** Revision of the stream's last event after the command (-1: the stream does not exist). */
  readonly revision: number;
  /** Position of the last appended event, or undefined when nothing was appended. */
  readonly position: Position | undefined;
  readonly state: State;
  readonly events: readonly Event[];
}

export interface LoadedAggregate<State> {
  readonly state: State;
  readonly revision: number;
  /** Events folded by this load (fewer than the stream's length when a snapshot was used). */
  readonly folded: number;
}

/** How often a race lost to another process (without If-Match) is re-decided on the new state before a 409. */
const MAX_ATTEMPTS = 10;

/**
 * The one command path of every aggregate: load the stream, fold `evolve`, `decide`,
 * append with the expected revision. A lost race is re-decided on the new state, so an
 * update is never lost; with If-Match the client asked for exactly that revision, so a
 * mismatch is a 409 at once.
 */
@Injectable()
export class CommandPipeline {
  private readonly streams = new KeyedMutex();
  private readonly cache = new StateCache(STATE_CACHE_SIZE);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(SNAPSHOT_STORE) private readonly snapshotStore?: SnapshotStore,
  ) {}

  async load<State, Event extends Message>(
    stream: string,
    decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
    snapshots?: SnapshotPolicy,
  ): Promise<LoadedAggregate<State>> {
    let state = decider.initialState();
    let revision = -1;
    let hash: string | undefined;
    let events: StoredEvent[] | undefined;
    const cached = this.cache.get<State>(stream, decider);
    if (cached) {
      // Only what was appended since (by this process or another) is read and folded.
      ({ state, revision, hash } = cached);
      events = await this.store.readStream(stream, { fromRevision: revision + 1 });
    }
    const snapshot = !cached && snapshots && (await this.snapshotStore?.load<State>(stream, snapshots.version));
    if (snapshot) {
      // Read from the snapshot's own event: it proves the snapshot belongs to this history.
      const [anchor, ...later] = await this.store.readStream(stream, { fromRevision: snapshot.revision });
      if (anchor?.revision === snapshot.revision && anchor.metadata.hash === snapshot.hash) {
        ({ state, revision, hash } = snapshot);
        events = later;
      }
    }
    events ??= await this.store.readStream(stream);
    for (const event of events) state = decider.evolve(state, event as unknown as Event);
    if (events.length > 0) ({ revision, metadata: { hash } } = events[events.length - 1]);
    const unsnapshotted = (cached?.unsnapshotted ?? 0) + events.length;
    if (revision >= 0) this.cache.set(stream, decider, { state, revision, hash, unsnapshotted: await this.maybeSnapshot(stream, snapshots, state, revision, hash, unsnapshotted) });
    return { state, revision, folded: events.length };
  }

  /**
   * Saves a snapshot once `every` events were folded or appended since the last one; a
   * snapshot names the hash of its event, read back when an append did not return it.
   * Returns how many events are now not covered by a snapshot.
   */
  private async maybeSnapshot<State>(stream: string, snapshots: SnapshotPolicy | undefined, state: State, revision: number, hash: string | undefined, unsnapshotted: number): Promise<number> {
    if (!snapshots || !this.snapshotStore || unsnapshotted < snapshots.every) return unsnapshotted;
    const anchor = hash ?? (await this.store.readStream(stream, { fromRevision: revision, toRevision: revision }))[0]?.metadata.hash;
    if (!anchor) return unsnapshotted;
    await this.snapshotStore.save({ stream, revision, hash: anchor, version: snapshots.version, state });
    return 0;
  }

  execute<State, Command extends Message, Event extends Message>(spec: AggregateCommand<State, Command, Event>): Promise<CommandOutcome<State, Event>> {
    return this.streams.run(spec.stream, () => this.decideAndAppend(spec));
  }

  private async decideAndAppend<State, Command extends Message, Event extends Message>(
    spec: AggregateCommand<State, Command, Event>,
  ): Promise<CommandOutcome<State, Event>> {
    const { stream, decider, command, metadata } = spec;
    const commandId = metadata.commandId ?? randomUUID();
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(stream, decider, spec.snapshots);
      if (metadata.ifMatch !== undefined && metadata.ifMatch !== revision) throw staleRevision(stream, metadata.ifMatch, revision);

      const events = decider.decide(command, state);
      if (events.length === 0) return { stream, revision, position: undefined, state, events };

      const toAppend: NewEvent[] = events.map((event, index) => ({
        type: event.type,
        data: event.data as Record<string, unknown>,
        metadata: {
          eventId: spec.eventIdOf?.(event, index) ?? randomUUID(),
          actor: metadata.actor,
          correlationId: metadata.correlationId,
          causationId: commandId,
          ...(metadata.comment !== undefined && { comment: metadata.comment }),
          effectiveDate: spec.effectiveDate,
          schemaVersion: spec.schemaVersionOf?.(event.type) ?? 1,
        },
      }));
      try {
        const appended = await this.store.append(stream, toAppend, revision < 0 ? 'no_stream' : revision);
        const next = events.reduce(decider.evolve, state);
        const unsnapshotted = (this.cache.get(stream, decider)?.unsnapshotted ?? 0) + events.length;
        this.cache.set(stream, decider, { state: next, revision: appended.revision, hash: undefined, unsnapshotted: await this.maybeSnapshot(stream, spec.snapshots, next, appended.revision, undefined, unsnapshotted) });
        return { stream, revision: appended.revision, position: appended.position, state: next, events };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (metadata.ifMatch !== undefined) throw staleRevision(stream, metadata.ifMatch, error.actual === 'no_stream' ? -1 : error.actual);
        if (attempt >= MAX_ATTEMPTS) {
          throw new DomainError('CONCURRENCY_CONFLICT', `stream ${stream} kept changing; try again`, { stream });
        }
        await sleep(Math.random() * 5 * attempt); // spread replicas that lost the same race
      }
    }
  }
}

/** 409 CONCURRENCY_CONFLICT: the client's If-Match names another revision than the stream's. */
export function staleRevision(stream: string, expected: number, actual: number): DomainError {
  return new DomainError('CONCURRENCY_CONFLICT', `${stream} is at revision ${actual}, not ${expected}`, {
    expectedRevision: expected,
    currentRevision: actual,
  });
}

/** The metadata of a command sent through HTTP: who, in which request, and the caller's comment. */
export function commandMetadata(
  request: { readonly actor: Actor; readonly correlationId: string; readonly ifMatch?: number },
  comment?: string,
): CommandMetadata {
  return { actor: request.actor, correlationId: request.correlationId, ifMatch: request.ifMatch, ...(comment !== undefined && { comment }) };
}

/**
 * Streams whose folded state is kept in memory: a command then reads and folds only the
 * events appended since, instead of the whole stream. States are immutable (deciders return
 * new objects), so sharing them is safe; a bounded LRU keeps memory flat.
 */
const STATE_CACHE_SIZE = 5_000;

interface CachedState<State> {
  readonly state: State;
  readonly revision: number;
  /** Hash of the event at `revision`, when known (a snapshot needs it). */
  readonly hash: string | undefined;
  /** Events folded into `state` since the last snapshot this process saw or saved. */
  readonly unsnapshotted: number;
}

class StateCache {
  private readonly entries = new Map<string, CachedState<unknown> & { readonly decider: object }>();

  constructor(private readonly capacity: number) {}

  get<State>(stream: string, decider: object): CachedState<State> | undefined {
    const entry = this.entries.get(stream);
    if (!entry || entry.decider !== decider) return undefined;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry as CachedState<State>;
  }

  set<State>(stream: string, decider: object, entry: CachedState<State>): void {
    this.entries.delete(stream);
    this.entries.set(stream, { ...entry, decider });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
