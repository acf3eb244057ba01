import Database from 'better-sqlite3';
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
import { ChainCheck, HeadRow } from './chain-check';
import { PollingSubscription } from './polling-subscription';

export interface SqliteEventStoreOptions {
  /** A file path, or ':memory:' for a private database no other connection can see. */
  readonly file: string;
  /** The store's clock: `recordedAt` comes from it. */
  readonly now?: () => Date;
  readonly upcasters?: readonly Upcaster[];
  /** How often subscriptions look for events appended by another process on the same file. */
  readonly pollIntervalMs?: number;
  /** How long a statement waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (stream, revision)
  );
  CREATE TABLE IF NOT EXISTS streams (
    stream TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    head_hash TEXT NOT NULL
  ) WITHOUT ROWID;
`;

/** Columns every read selects, in the order `toEvent` takes them. */
const EVENT_COLUMNS = 'position, stream, revision, body, hash';
type EventRow = [position: number, stream: string, revision: number, body: string, hash: string];
type ParsedBody = { type: string; data: Record<string, unknown>; metadata: { -readonly [K in keyof EventMetadata]: EventMetadata[K] } };

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const SUBSCRIPTION_BATCH = 500;
const VERIFY_PAGE = 2_000;

/**
 * The embedded event store: one SQLite file in WAL mode, shared with other processes (the
 * CLI) through SQLite's own locking. Every append is one `BEGIN IMMEDIATE` transaction, so
 * the revision check, the hash chain and the `streams` head row can never disagree.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly upcasters: UpcasterRegistry;
  private readonly pollIntervalMs: number;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly filteredReads = new Map<string, Database.Statement>();
  private readonly sql;
  private readonly appendInTransaction;
  private readonly appendGroup;
  private readonly readPage;
  private pending: PendingAppend[] = [];

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(options);
  }

  constructor(options: SqliteEventStoreOptions) {
    this.db = new Database(options.file, { timeout: options.busyTimeoutMs ?? 5_000 });
    this.db.pragma('journal_mode = WAL');
    // FULL syncs the WAL on every commit: an acknowledged append survives a power cut.
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.now = options.now ?? (() => new Date());
    this.upcasters = new UpcasterRegistry(options.upcasters);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    const prepare = (sql: string) => this.db.prepare(sql).raw();
    this.sql = {
      head: prepare('SELECT revision, head_hash FROM streams WHERE stream = ?'),
      insert: this.db.prepare('INSERT INTO events (stream, revision, event_id, type, body, hash) VALUES (?, ?, ?, ?, ?, ?)'),
      insertHead: this.db.prepare('INSERT INTO streams (stream, head_hash, revision) VALUES (?, ?, ?)'),
      updateHead: this.db.prepare('UPDATE streams SET head_hash = ?, revision = ? WHERE stream = ?'),
      idsAt: prepare('SELECT event_id, position FROM events WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision'),
      positionAt: prepare('SELECT position FROM events WHERE stream = ? AND revision = ?').pluck(),
      readStream: prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision`),
      headPosition: prepare('SELECT max(position) FROM events').pluck(),
      verifyStream: prepare(
        'SELECT e.stream, e.revision, e.type, e.event_id, e.body, e.hash, s.revision, s.head_hash ' +
          'FROM events e LEFT JOIN streams s ON s.stream = e.stream WHERE e.stream = ? ORDER BY e.revision',
      ),
      verifyPage: prepare(
        'SELECT e.stream, e.revision, e.type, e.event_id, e.body, e.hash, s.revision, s.head_hash ' +
          'FROM events e LEFT JOIN streams s ON s.stream = e.stream ' +
          'WHERE (e.stream, e.revision) > (?, ?) ORDER BY e.stream, e.revision LIMIT ?',
      ),
      headsPage: prepare(
        'SELECT s.stream, s.revision, EXISTS (SELECT 1 FROM events e WHERE e.stream = s.stream) ' +
          'FROM streams s WHERE s.stream > ? ORDER BY s.stream LIMIT ?',
      ),
    };
    this.appendInTransaction = this.db.transaction(this.appendNow.bind(this));
    // Each append of a group runs in its own savepoint (a nested transaction): one that fails
    // rolls back alone, and the group commits — and syncs the WAL — once.
    this.appendGroup = this.db.transaction((group: readonly PendingAppend[]) =>
      group.map((append) => {
        try {
          return { ok: this.appendInTransaction(append.stream, append.events, append.expected) };
        } catch (error) {
          return { error };
        }
      }),
    );
    // One snapshot for the page and the head, so a filtered subscription can move its cursor
    // past events it skipped without racing another process's append.
    this.readPage = this.db.transaction((after: number, limit: number, filter?: EventFilter) => ({
      events: this.readAllNow(after, limit, filter),
      head: (this.sql.headPosition.get() as number | null) ?? 0,
    }));
  }

  /**
   * Group commit: appends issued in the same turn of the event loop (concurrent requests, a
   * tick's workers) share one transaction and one WAL sync. Each keeps its own expected-revision
   * check and its own outcome; every one is acknowledged only once the group is durable.
   */
  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    checkAppend(stream, events, expected);
    return new Promise((resolve, reject) => {
      if (this.pending.push({ stream, events, expected, resolve, reject }) === 1) setImmediate(() => this.commitGroup());
    });
  }

  private commitGroup(): void {
    const group = this.pending;
    this.pending = [];
    let outcomes: ({ ok: { result: AppendResult; appended: boolean } } | { error: unknown })[];
    try {
      outcomes = this.appendGroup.immediate(group);
    } catch (error) {
      for (const append of group) append.reject(error);
      return;
    }
    if (outcomes.some((o) => 'ok' in o && o.ok.appended)) for (const subscription of this.subscriptions) subscription.notify();
    outcomes.forEach((outcome, i) => ('ok' in outcome ? group[i].resolve(outcome.ok.result) : group[i].reject(outcome.error)));
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = options.fromRevision ?? 0;
    const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
    const rows = this.sql.readStream.all(stream, from, to) as EventRow[];
    return rows.map((row) => this.toEvent(row));
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.readAllNow(this.positionNumber(options.after), options.limit ?? -1, options.filter);
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = new PollingSubscription({
      after: this.positionNumber(options.after),
      batch: SUBSCRIPTION_BATCH,
      pollIntervalMs: this.pollIntervalMs,
      readPage: (after, limit) => this.readPage(after, limit, options.filter),
      handler: options.handler,
      onError: options.onError,
      onEnd: (ended) => this.subscriptions.delete(ended),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    const head = this.sql.headPosition.get() as number | null;
    return head === null ? undefined : String(head);
  }

  comparePositions(a: Position, b: Position): number {
    return Math.sign(this.positionNumber(a) - this.positionNumber(b));
  }

  async verify(stream: string): Promise<VerifyReport> {
    const check = new ChainCheck(stream);
    let head: HeadRow | undefined;
    for (const row of this.sql.verifyStream.iterate(stream) as IterableIterator<VerifyRow>) {
      check.add(row[1], row[2], row[3], row[4], row[5]);
      head = headOf(row);
    }
    if (check.events === 0) head = this.sql.head.get(stream) as HeadRow | undefined;
    return check.finish(head);
  }

  async verifyAll(onProgress?: (report: VerifyReport) => void): Promise<VerifyAllReport> {
    const broken: VerifyReport[] = [];
    let streams = 0;
    let events = 0;
    const report = (result: VerifyReport) => {
      streams++;
      events += result.events;
      if (!result.intact) broken.push(result);
      onProgress?.(result);
    };
    // Paged by (stream, revision) so memory stays flat and other callers get the connection
    // between pages; a stream is finished only once a later row shows it has no more events.
    let check: ChainCheck | undefined;
    let head: HeadRow | undefined;
    let cursor: [string, number] = ['', -1];
    for (;;) {
      const rows = this.sql.verifyPage.all(cursor[0], cursor[1], VERIFY_PAGE) as VerifyRow[];
      for (const row of rows) {
        if (check?.stream !== row[0]) {
          if (check) report(check.finish(head));
          check = new ChainCheck(row[0]);
        }
        check.add(row[1], row[2], row[3], row[4], row[5]);
        head = headOf(row);
      }
      if (rows.length < VERIFY_PAGE) break;
      cursor = [rows[rows.length - 1][0], rows[rows.length - 1][1]];
      await yieldToEventLoop();
    }
    if (check) report(check.finish(head));
    // A head whose events were all deleted has no row in the pass above.
    for (let after = ''; ; await yieldToEventLoop()) {
      const heads = this.sql.headsPage.all(after, VERIFY_PAGE) as [string, number, number][];
      for (const [stream, revision, hasEvents] of heads) {
        if (!hasEvents) report(new ChainCheck(stream).finish([revision, '']));
      }
      if (heads.length < VERIFY_PAGE) break;
      after = heads[heads.length - 1][0];
    }
    return { streams, events, broken };
  }

  /** The settings that make appends durable and shareable, as the connection reports them. */
  durability(): { journalMode: string; synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA'; busyTimeoutMs: number } {
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    return {
      journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      synchronous: (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[level],
      busyTimeoutMs: this.db.pragma('busy_timeout', { simple: true }) as number,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  private appendNow(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): { result: AppendResult; appended: boolean } {
    const head = this.sql.head.get(stream) as HeadRow | undefined;
    const current = head ? head[0] : -1;
    const matches = expected === 'any' || (expected === 'no_stream' ? !head : expected === current);
    if (!matches || (expected === 'any' && events.length > 0)) {
      const retried = this.findRetry(stream, events, expected, current);
      if (retried) return { result: retried, appended: false };
      if (!matches) throw new WrongExpectedRevisionError(stream, expected, head ? current : 'no_stream');
    }
    if (events.length === 0) {
      const position = head ? (this.sql.positionAt.get(stream, current) as number) : 0;
      return { result: { revision: current, position: String(position) }, appended: false };
    }
    const recordedAt = this.now().toISOString();
    let revision = current;
    let hash = head ? head[1] : GENESIS_HASH;
    let position = 0;
    for (const event of events) {
      revision++;
      const body = canonicalEventJson(event.type, event.data, event.metadata, recordedAt);
      hash = chainHash(hash, body);
      position = this.sql.insert.run(stream, revision, event.metadata.eventId, event.type, body, hash).lastInsertRowid as number;
    }
    if (head) this.sql.updateHead.run(hash, revision, stream);
    else this.sql.insertHead.run(stream, hash, revision);
    return { result: { revision, position: String(position) }, appended: true };
  }

  /**
   * The original result when these exact events already sit where this append would have put
   * them: after `expected`, or for 'any' at the end of the stream. Ids are compared by place,
   * not looked up: an index on event ids would cost about a third of the append's CPU time.
   */
  private findRetry(stream: string, events: readonly NewEvent[], expected: ExpectedRevision, current: number): AppendResult | undefined {
    if (events.length === 0) return undefined;
    const first = expected === 'any' ? current - events.length + 1 : expected === 'no_stream' ? 0 : expected + 1;
    if (first < 0) return undefined;
    const stored = this.sql.idsAt.all(stream, first, first + events.length - 1) as [string, number][];
    if (stored.length !== events.length || stored.some(([id], i) => id !== events[i].metadata.eventId)) return undefined;
    return { revision: first + events.length - 1, position: String(stored[stored.length - 1][1]) };
  }

  private readAllNow(after: number, limit: number, filter?: EventFilter): StoredEvent[] {
    const prefixes = filter?.streamPrefixes;
    const types = filter?.types;
    const rows = this.filteredRead(prefixes?.length, types?.length).all(after, ...(prefixes ?? []), ...(types ?? []), limit) as EventRow[];
    return rows.map((row) => this.toEvent(row));
  }

  /** One cached statement per filter shape (how many prefixes, how many types). */
  private filteredRead(prefixes: number | undefined, types: number | undefined): Database.Statement {
    const key = `${prefixes}:${types}`;
    let statement = this.filteredReads.get(key);
    if (!statement) {
      const where = ['position > ?'];
      if (prefixes !== undefined) where.push(`(${Array(prefixes).fill('instr(stream, ?) = 1').join(' OR ') || '0'})`);
      if (types !== undefined) where.push(`type IN (${Array(types).fill('?').join(', ')})`);
      statement = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`).raw();
      this.filteredReads.set(key, statement);
    }
    return statement;
  }

  private toEvent([position, stream, revision, body, hash]: EventRow): StoredEvent {
    const parsed = JSON.parse(body) as ParsedBody;
    const metadata = parsed.metadata;
    metadata.hash = hash;
    if (this.upcasters.isEmpty) return { stream, revision, position: String(position), type: parsed.type, data: parsed.data, metadata };
    const current = this.upcasters.upcast({ type: parsed.type, data: parsed.data, schemaVersion: metadata.schemaVersion });
    metadata.schemaVersion = current.schemaVersion;
    return { stream, revision, position: String(position), type: current.type, data: current.data, metadata };
  }

  private positionNumber(position: Position | undefined): number {
    if (position === undefined) return 0;
    const value = Number(position);
    if (!/^\d+$/.test(position) || !Number.isSafeInteger(value)) throw new RangeError(`not a SQLite event store position: ${position}`);
    return value;
  }
}

function checkAppend(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (typeof stream !== 'string' || stream === '') throw new TypeError('a stream name is a non-empty string');
  if (typeof expected === 'number' ? !Number.isSafeInteger(expected) || expected < 0 : expected !== 'any' && expected !== 'no_stream') {
    throw new RangeError(`stream ${stream}: expected revision must be a revision (0 or more), 'no_stream' or 'any', not ${expected}`);
  }
  for (const event of events) {
    if (typeof event.type !== 'string' || event.type === '' || typeof event.metadata?.eventId !== 'string') {
      throw new TypeError(`stream ${stream}: every event needs a type and a metadata.eventId`);
    }
  }
  if (events.length > 1 && new Set(events.map((e) => e.metadata.eventId)).size < events.length) {
    throw new Error(`stream ${stream}: the same event id twice in one append`);
  }
}

type VerifyRow = [stream: string, revision: number, type: string, eventId: string, body: string, hash: string, headRevision: number | null, headHash: string | null];

const headOf = (row: VerifyRow): HeadRow | undefined => (row[6] === null ? undefined : [row[6], row[7] as string]);

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
