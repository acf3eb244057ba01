import type { AppendExpectedRevision, EventData, EventStoreDBClient, Filter, ReadPosition, ResolvedEvent, StreamingRead } from '@eventstore/db-client';
import { isUuid } from '@tc/kernel';
import { canonicalEventJson } from '../canonical-json';
import {
  AppendResult,
  EventFilter,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  Upcaster,
  VerifyAllReport,
  VerifyReport,
  WrongExpectedRevisionError,
} from '../eventstore.port';
import { GENESIS_HASH, chainHash } from '../hash-chain';
import { UpcasterRegistry } from '../upcasters';
import { EsdbChainCheck, RawEvent, malformation } from './esdb-chain-check';
import { EsdbConnection, openEsdbConnection } from './esdb-client';
import {
  EventStoreClosedError,
  EventStoreDataError,
  EventStoreUnavailableError,
  describeUnavailable,
  isRetryableDrop,
  isStreamDeleted,
  isStreamNotFound,
  isWrongExpectedVersion,
  toPortError,
} from './esdb-errors';
import { ESDB_START, EsdbPosition, compareEsdbPositions, decodePosition, encodePosition } from './esdb-position';
import { EsdbSubscription } from './esdb-subscription';
import { TimeoutRacer } from './esdb-timeout';

export interface EsdbEventStoreOptions {
  /** `esdb://…`, `esdb+discover://…` or `kurrentdb://…` (read as `esdb://`). */
  readonly url: string;
  /** The store's clock: `recordedAt` comes from it. */
  readonly now?: () => Date;
  readonly upcasters?: readonly Upcaster[];
  /** Every call to the server is raced against this many milliseconds (default 5,000). */
  readonly timeoutMs?: number;
  /** Back-off between resubscriptions after a drop (default 100 ms doubling up to 5 s). */
  readonly resubscribe?: { readonly initialMs: number; readonly maxMs: number };
  /** Told of every dropped subscription before it resubscribes (for the service log). */
  readonly onSubscriptionDrop?: (error: unknown, retryInMs: number) => void;
}

export interface EsdbConnectOptions extends EsdbEventStoreOptions {
  /** How long the start-up check waits for the server (default 3,000 ms). */
  readonly connectTimeoutMs?: number;
}

type Direction = 'forwards' | 'backwards';

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
/** Events per read call: each call is one round trip raced against the timeout. */
const STREAM_PAGE = 2_000;
const SCAN_PAGE = 1_000;
const HEAD_PAGE = 32;
/** 'any' is turned into an exact expected revision (so the hash chain cannot fork) and retried this often. */
const ANY_ATTEMPTS = 10;

/** `$`-prefixed streams and types are EventStoreDB's own (metadata, links, statistics), never the domain's. */
const isSystem = (stream: string, type: string) => stream.startsWith('$') || type.startsWith('$');

/** The port's filter, applied exactly on the client (the server-side filters are prefixes, coarser). */
function selects(raw: RawEvent, filter: EventFilter | undefined): boolean {
  if (isSystem(raw.streamId, raw.type)) return false;
  if (filter?.streamPrefixes && !filter.streamPrefixes.some((prefix) => raw.streamId.startsWith(prefix))) return false;
  if (filter?.types && !filter.types.includes(raw.type)) return false;
  return true;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The filter `subscribeToAll` applies on the server: stream prefixes when given (the server
 * filters on one of stream or type), else the exact types, else no system events. The exact
 * port filter is applied again on each delivered event.
 */
function serverFilter(filter: EventFilter | undefined): Filter {
  if (filter?.streamPrefixes?.length) return { filterOn: 'streamName', prefixes: [...filter.streamPrefixes], checkpointInterval: 1 };
  if (filter?.types?.length) return { filterOn: 'eventType', regex: `^(?:${filter.types.map(escapeRegex).join('|')})$`, checkpointInterval: 1 };
  return { filterOn: 'eventType', regex: '^[^$]', checkpointInterval: 1 };
}

/**
 * The event store on EventStoreDB (or KurrentDB) through `@eventstore/db-client`.
 *
 * - Streams and revisions map one to one; `no_stream` and numbers go to the server as its
 *   expected revision. `any` becomes the exact revision just read (retried on a race), so two
 *   writers can never chain onto the same previous hash.
 * - Each stored event is JSON: `data` as given, `metadata` the port's metadata with
 *   `recordedAt` (from the injected clock) and `hash`, computed exactly as the SQLite adapter
 *   does (canonical JSON of type, data and metadata without hash, chained per stream from
 *   GENESIS_HASH). The previous hash is read from the stream before appending.
 * - The ESDB event id IS `metadata.eventId`, so the server deduplicates a retried append; the
 *   adapter also recognises a retry itself (the same ids where the append would have put them)
 *   and returns the original result, as the SQLite adapter does.
 * - Positions are `$all` positions, commit and prepare kept whole, as `C:<commit>/P:<prepare>`.
 * - Every call is raced against `timeoutMs` and fails with EventStoreTimeoutError naming it.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly now: () => Date;
  private readonly upcasters: UpcasterRegistry;
  private readonly racer: TimeoutRacer;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private closed = false;

  /** Creates the client; nothing is sent until the first call. */
  static async open(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
    const racer = new TimeoutRacer(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return new EsdbEventStore(options, await openEsdbConnection(options.url), racer);
  }

  /** Over a connection built elsewhere (tests run the contract over an emulated client through this). */
  static withConnection(connection: EsdbConnection, options: Omit<EsdbEventStoreOptions, 'url'> = {}): EsdbEventStore {
    return new EsdbEventStore({ ...options, url: '' }, connection, new TimeoutRacer(options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  }

  /** Opens the store and checks that the server answers (start-up): fails within `connectTimeoutMs`. */
  static async connect(options: EsdbConnectOptions): Promise<EsdbEventStore> {
    const store = await EsdbEventStore.open(options);
    try {
      await store.checkConnection(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  private constructor(
    private readonly options: EsdbEventStoreOptions,
    private readonly connection: EsdbConnection,
    racer: TimeoutRacer,
  ) {
    this.client = connection.client;
    this.now = options.now ?? (() => new Date());
    this.upcasters = new UpcasterRegistry(options.upcasters);
    this.racer = racer;
  }

  /** Reads one event of `$all`; throws EventStoreUnavailableError saying why when that fails. */
  async checkConnection(timeoutMs = this.racer.timeoutMs): Promise<void> {
    try {
      await this.readAllRaw('end', 1, 'backwards', 'connection check: read the last event of $all', timeoutMs);
    } catch (error) {
      throw new EventStoreUnavailableError(describeUnavailable(error, timeoutMs), { cause: error });
    }
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.ensureOpen();
    checkAppend(stream, events, expected);
    if (events.length === 0) return this.appendNothing(stream, expected);
    if (expected === 'any') return this.appendAnywhere(stream, events);
    if (expected === 'no_stream') return this.write(stream, events, 'no_stream', GENESIS_HASH, expected);
    const [last] = await this.tail(stream, 1);
    if (!last) throw new WrongExpectedRevisionError(stream, expected, 'no_stream');
    if (last.revision === expected) return this.write(stream, events, expected, last.metadata.hash, expected);
    if (last.revision > expected) {
      const retried = await this.findRetry(stream, events, expected + 1);
      if (retried) return retried;
    }
    // Never sent with a guessed previous hash: the stream could reach `expected` meanwhile.
    throw new WrongExpectedRevisionError(stream, expected, last.revision);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.ensureOpen();
    const from = Math.max(0, options.fromRevision ?? 0);
    const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
    const events: StoredEvent[] = [];
    for (let next = from; next <= to; ) {
      const count = Math.min(STREAM_PAGE, to - next + 1);
      const page = await this.readStreamRaw(stream, next, count, 'forwards');
      for (const raw of page) events.push(this.toStored(raw));
      if (page.length < count) break;
      next = Number(page[page.length - 1].revision) + 1;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    this.ensureOpen();
    const after = options.after === undefined ? undefined : decodePosition(options.after);
    const limit = options.limit === undefined || options.limit < 0 ? Infinity : options.limit;
    if (limit === 0) return [];
    return (await this.scan(after, limit, options.filter)).map((raw) => this.toStored(raw));
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.ensureOpen();
    const after = options.after === undefined ? undefined : decodePosition(options.after);
    const { filter } = options;
    const subscription = new EsdbSubscription(
      {
        open: (from) => this.client.subscribeToAll({ fromPosition: from ?? 'start', filter: serverFilter(filter), resolveLinkTos: false }),
        accept: (item) => {
          const raw = (item as ResolvedEvent).event as RawEvent | undefined;
          if (!raw) return undefined;
          const position = positionOf(raw);
          return selects(raw, filter) ? { position, event: this.toStored(raw) } : { position };
        },
        head: () => this.head(),
        nothingBetween: async (from, until) => (await this.scan(from, 1, filter, until)).length === 0,
        isRetryable: isRetryableDrop,
      },
      {
        after,
        handler: options.handler,
        onError: options.onError,
        retry: this.options.resubscribe ?? { initialMs: 100, maxMs: 5_000 },
        onDrop: this.options.onSubscriptionDrop,
        probeIntervalMs: 100,
        onEnd: (ended) => this.subscriptions.delete(ended),
      },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    this.ensureOpen();
    const head = await this.head();
    return head && encodePosition(head);
  }

  comparePositions(a: Position, b: Position): number {
    return compareEsdbPositions(decodePosition(a), decodePosition(b));
  }

  async verify(stream: string): Promise<VerifyReport> {
    this.ensureOpen();
    const check = new EsdbChainCheck(stream);
    try {
      for (let next = 0; !check.isBroken; ) {
        const page = await this.readStreamRaw(stream, next, STREAM_PAGE, 'forwards', `verify ${stream}`);
        for (const raw of page) check.add(raw);
        if (page.length < STREAM_PAGE) break;
        next = Number(page[page.length - 1].revision) + 1;
      }
    } catch (error) {
      if (isStreamDeleted(error)) return check.deleted();
      throw error;
    }
    return check.finish();
  }

  /**
   * One pass over `$all` (EventStoreDB keeps no list of streams the adapter could page through
   * without system projections): memory grows with the number of streams, never with events.
   * Each stream is reported once the pass is over.
   */
  async verifyAll(onProgress?: (report: VerifyReport) => void): Promise<VerifyAllReport> {
    this.ensureOpen();
    const checks = new Map<string, EsdbChainCheck>();
    let from: EsdbPosition | undefined;
    for (;;) {
      const page = await this.readAllRaw(from ?? 'start', SCAN_PAGE, 'forwards', 'verifyAll: read $all');
      let moved = false;
      for (const raw of page) {
        const position = positionOf(raw);
        if (from && compareEsdbPositions(position, from) <= 0) continue;
        from = position;
        moved = true;
        if (isSystem(raw.streamId, raw.type)) continue;
        let check = checks.get(raw.streamId);
        if (!check) checks.set(raw.streamId, (check = new EsdbChainCheck(raw.streamId)));
        check.add(raw);
      }
      if (page.length < SCAN_PAGE || !moved) break;
    }
    const broken: VerifyReport[] = [];
    let events = 0;
    for (const check of checks.values()) {
      const report = check.finish();
      events += report.events;
      if (!report.intact) broken.push(report);
      onProgress?.(report);
    }
    return { streams: checks.size, events, broken };
  }

  /** Stops the subscriptions (waiting for their handlers), fails calls still waiting, disposes the client and closes its channels. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopping = [...this.subscriptions].map((subscription) => subscription.stop());
    this.racer.cancelAll(new EventStoreClosedError());
    await Promise.all(stopping);
    await this.connection.close(this.racer.timeoutMs);
  }

  // --- appends -------------------------------------------------------------------------------

  private async appendNothing(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.tail(stream, 1);
    const current = last ? last.revision : -1;
    const matches = expected === 'any' || (expected === 'no_stream' ? !last : expected === current);
    if (!matches) throw new WrongExpectedRevisionError(stream, expected, last ? current : 'no_stream');
    return { revision: current, position: last ? last.position : encodePosition(ESDB_START) };
  }

  /** 'any': the same events already at the end are a retry; otherwise append after the last revision read. */
  private async appendAnywhere(stream: string, events: readonly NewEvent[]): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const tail = (await this.tail(stream, events.length)).reverse();
      if (tail.length === events.length && tail.every((stored, i) => stored.metadata.eventId === events[i].metadata.eventId)) {
        return { revision: tail[tail.length - 1].revision, position: tail[tail.length - 1].position };
      }
      const last = tail[tail.length - 1];
      try {
        return await this.write(stream, events, last ? last.revision : 'no_stream', last ? last.metadata.hash : GENESIS_HASH, 'any');
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= ANY_ATTEMPTS) throw error;
      }
    }
  }

  /** Chains the events onto `previousHash` and appends them where `expected` says the stream ends. */
  private async write(stream: string, events: readonly NewEvent[], expected: number | 'no_stream', previousHash: string, stated: ExpectedRevision): Promise<AppendResult> {
    const recordedAt = this.now().toISOString();
    let hash = previousHash;
    const proposed = events.map((event): EventData => {
      hash = chainHash(hash, canonicalEventJson(event.type, event.data, event.metadata, recordedAt));
      return { id: event.metadata.eventId, contentType: 'application/json', type: event.type, data: event.data, metadata: { ...event.metadata, recordedAt, hash } } as EventData;
    });
    const first = expected === 'no_stream' ? 0 : expected + 1;
    const expectedRevision: AppendExpectedRevision = expected === 'no_stream' ? 'no_stream' : BigInt(expected);
    try {
      await this.racer.race(`append to ${stream}`, this.client.appendToStream(stream, proposed, { expectedRevision }));
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw error;
      const retried = await this.findRetry(stream, events, first);
      if (retried) return retried;
      throw toPortError(error, stream, stated);
    }
    return this.landed(stream, events, first);
  }

  /**
   * The result the port promises: the revision and `$all` position of the last event appended.
   * It is read back rather than taken from the append's answer, whose position is the write's
   * (and absent when the server deduplicated a retry); reading it also proves where it landed.
   */
  private async landed(stream: string, events: readonly NewEvent[], first: number): Promise<AppendResult> {
    const revision = first + events.length - 1;
    const [last] = await this.readStreamRaw(stream, revision, 1, 'forwards', `read back the append to ${stream}`);
    if (!last || Number(last.revision) !== revision || !sameId(last, events[events.length - 1])) {
      throw new EventStoreDataError(`stream ${stream}: EventStoreDB acknowledged the append, but revision ${revision} does not hold its last event`);
    }
    return { revision, position: encodePosition(positionOf(last)) };
  }

  /** The original result when these exact events already sit at `first` onwards (a retried append). */
  private async findRetry(stream: string, events: readonly NewEvent[], first: number): Promise<AppendResult | undefined> {
    const stored = await this.readStreamRaw(stream, first, events.length, 'forwards', `look for a retried append in ${stream}`);
    if (stored.length !== events.length || stored.some((raw, i) => Number(raw.revision) !== first + i || !sameId(raw, events[i]))) return undefined;
    return { revision: first + events.length - 1, position: encodePosition(positionOf(stored[stored.length - 1])) };
  }

  /** The last `count` events of a stream, newest first, with their hashes checked for shape. */
  private async tail(stream: string, count: number): Promise<StoredEvent[]> {
    const raws = await this.readStreamRaw(stream, 'end', Math.max(1, count), 'backwards', `read the end of ${stream}`);
    return raws.map((raw) => this.parse(raw));
  }

  // --- reads ---------------------------------------------------------------------------------

  /** The last non-system event of `$all`, read backwards a page at a time. */
  private async head(): Promise<EsdbPosition | undefined> {
    let before: EsdbPosition | undefined;
    for (;;) {
      const page = await this.readAllRaw(before ?? 'end', HEAD_PAGE, 'backwards', 'headPosition: read $all backwards');
      for (const raw of page) if (!isSystem(raw.streamId, raw.type)) return positionOf(raw);
      if (page.length < HEAD_PAGE) return undefined;
      const oldest = positionOf(page[page.length - 1]);
      if (before && compareEsdbPositions(oldest, before) >= 0) return undefined;
      before = oldest;
    }
  }

  /**
   * Events of `$all` strictly after `after` that the filter selects, at most `limit`, stopping
   * past `until`. The client's `readAll` has no server-side filter, so pages are filtered here.
   */
  private async scan(after: EsdbPosition | undefined, limit: number, filter?: EventFilter, until?: EsdbPosition): Promise<RawEvent[]> {
    const found: RawEvent[] = [];
    // Small first (a page of `limit` usually suffices), growing while the filter skips events.
    let pageSize = Math.min(SCAN_PAGE, Math.max(limit + 1, 16));
    for (let from = after; ; pageSize = Math.min(SCAN_PAGE, pageSize * 2)) {
      // A read forwards from a position includes the event at it: skipped below.
      const page = await this.readAllRaw(from ?? 'start', pageSize, 'forwards', 'readAll: read $all');
      let moved = false;
      for (const raw of page) {
        const position = positionOf(raw);
        if (from && compareEsdbPositions(position, from) <= 0) continue;
        if (until && compareEsdbPositions(position, until) > 0) return found;
        moved = true;
        from = position;
        if (!selects(raw, filter)) continue;
        found.push(raw);
        if (found.length >= limit) return found;
      }
      if (page.length < pageSize || !moved) return found;
    }
  }

  private readStreamRaw(stream: string, from: number | 'end', maxCount: number, direction: Direction, operation = `readStream ${stream}`): Promise<RawEvent[]> {
    return this.collect(operation, () => this.client.readStream(stream, { fromRevision: from === 'end' ? 'end' : BigInt(from), maxCount, direction, resolveLinkTos: false }));
  }

  private readAllRaw(from: ReadPosition, maxCount: number, direction: Direction, operation: string, timeoutMs?: number): Promise<RawEvent[]> {
    return this.collect(operation, () => this.client.readAll({ fromPosition: from, maxCount, direction, resolveLinkTos: false }), timeoutMs);
  }

  /**
   * Drains one streaming read under the timeout, cancelling it when time runs out. A missing
   * stream reads as empty: the client reports it by throwing StreamNotFoundError while iterating.
   */
  private async collect(operation: string, start: () => StreamingRead<ResolvedEvent>, timeoutMs?: number): Promise<RawEvent[]> {
    this.ensureOpen();
    const read = start();
    const drain = async () => {
      const raws: RawEvent[] = [];
      try {
        for await (const resolved of read) if (resolved.event) raws.push(resolved.event as RawEvent);
      } catch (error) {
        if (isStreamNotFound(error)) return [];
        throw error;
      }
      return raws;
    };
    return this.racer.race(operation, drain(), () => void read.cancel().catch(() => undefined), timeoutMs);
  }

  // --- events --------------------------------------------------------------------------------

  /** A recorded event as the port's StoredEvent, before upcasting; refuses events this store did not write. */
  private parse(raw: RawEvent): StoredEvent {
    const why = malformation(raw);
    if (why) throw new EventStoreDataError(`event ${raw.streamId}@${raw.revision} is not one this store wrote: ${why}`);
    return {
      stream: raw.streamId,
      revision: Number(raw.revision),
      position: encodePosition(positionOf(raw)),
      type: raw.type,
      data: raw.data as Record<string, unknown>,
      metadata: raw.metadata as EventMetadata,
    };
  }

  private toStored(raw: RawEvent): StoredEvent {
    const event = this.parse(raw);
    if (this.upcasters.isEmpty) return event;
    const current = this.upcasters.upcast({ type: event.type, data: event.data, schemaVersion: event.metadata.schemaVersion });
    if (current.type === event.type && current.data === event.data) return event;
    return { ...event, type: current.type, data: current.data, metadata: { ...event.metadata, schemaVersion: current.schemaVersion } };
  }

  private ensureOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

function positionOf(raw: RawEvent): EsdbPosition {
  if (!raw.position) throw new EventStoreDataError(`event ${raw.streamId}@${raw.revision} came without its $all position`);
  return raw.position;
}

const sameId = (raw: RawEvent, event: NewEvent) => raw.id.toLowerCase() === event.metadata.eventId.toLowerCase();

function checkAppend(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (typeof stream !== 'string' || stream === '') throw new TypeError('a stream name is a non-empty string');
  if (stream.startsWith('$')) throw new TypeError(`stream ${stream}: names starting with $ are EventStoreDB's system streams`);
  if (typeof expected === 'number' ? !Number.isSafeInteger(expected) || expected < 0 : expected !== 'any' && expected !== 'no_stream') {
    throw new RangeError(`stream ${stream}: expected revision must be a revision (0 or more), 'no_stream' or 'any', not ${expected}`);
  }
  for (const event of events) {
    if (typeof event.type !== 'string' || event.type === '' || typeof event.metadata?.eventId !== 'string') {
      throw new TypeError(`stream ${stream}: every event needs a type and a metadata.eventId`);
    }
    if (event.type.startsWith('$')) throw new TypeError(`stream ${stream}: event types starting with $ are EventStoreDB's own (${event.type})`);
    if (!isUuid(event.metadata.eventId)) throw new TypeError(`stream ${stream}: metadata.eventId must be a UUID, it is the EventStoreDB event id (${event.metadata.eventId})`);
  }
  if (events.length > 1 && new Set(events.map((e) => e.metadata.eventId.toLowerCase())).size < events.length) {
    throw new Error(`stream ${stream}: the same event id twice in one append`);
  }
}
