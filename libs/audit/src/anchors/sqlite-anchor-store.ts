import Database from 'better-sqlite3';
import { Position } from '@tc/eventstore';
import { AnchorStore, AnchorTotals, HeadSeal, StreamAnchor } from './anchor-store.port';

export interface SqliteAnchorStoreOptions {
  /** `<DATA_DIR>/anchors.sqlite`: never the event store's file, or one edit could rewrite both. */
  readonly file: string;
  /** The CLI only reads: it must not create a file, nor take a write lock, where the API keeps its anchors. */
  readonly readonly?: boolean;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS anchors (
    stream TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    hash TEXT NOT NULL,
    position TEXT NOT NULL,
    mac TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    position TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS seals (
    id INTEGER PRIMARY KEY,
    sealed_at TEXT NOT NULL,
    position TEXT NOT NULL,
    streams INTEGER NOT NULL,
    events INTEGER NOT NULL,
    digest TEXT NOT NULL,
    signature TEXT NOT NULL
  );
`;

type AnchorRow = [stream: string, revision: number, hash: string, position: string, mac: string];
type SealRow = [sealedAt: string, position: string, streams: number, events: number, digest: string, signature: string];

const toAnchor = ([stream, revision, hash, position, mac]: AnchorRow): StreamAnchor => ({ stream, revision, hash, position, mac });

/** The embedded anchors store: one SQLite file in WAL mode, written by the API's keeper only. */
export class SqliteAnchorStore implements AnchorStore {
  private readonly db: Database.Database;
  private readonly sql;
  private readonly recordBatch;

  constructor(options: SqliteAnchorStoreOptions) {
    this.db = new Database(options.file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      // An anchor lost to a power cut goes with its checkpoint: the keeper reads those events again.
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA);
    }
    const prepare = (sql: string) => this.db.prepare(sql).raw();
    this.sql = {
      checkpoint: this.db.prepare('SELECT position FROM checkpoint WHERE id = 1').pluck(),
      // Never lower an anchor: a replay after a lost checkpoint must not undo a later one.
      upsert: this.db.prepare(
        `INSERT INTO anchors (stream, revision, hash, position, mac) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, position = excluded.position, mac = excluded.mac
         WHERE excluded.revision > anchors.revision`,
      ),
      setCheckpoint: this.db.prepare('INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position'),
      get: prepare('SELECT stream, revision, hash, position, mac FROM anchors WHERE stream = ?'),
      page: prepare('SELECT stream, revision, hash, position, mac FROM anchors WHERE stream > ? ORDER BY stream LIMIT ?'),
      totals: prepare('SELECT count(*), coalesce(sum(revision + 1), 0) FROM anchors'),
      addSeal: this.db.prepare('INSERT INTO seals (sealed_at, position, streams, events, digest, signature) VALUES (?, ?, ?, ?, ?, ?)'),
      latestSeal: prepare('SELECT sealed_at, position, streams, events, digest, signature FROM seals ORDER BY id DESC LIMIT 1'),
    };
    this.recordBatch = this.db.transaction((anchors: readonly StreamAnchor[], checkpoint: Position) => {
      for (const a of anchors) this.sql.upsert.run(a.stream, a.revision, a.hash, a.position, a.mac);
      this.sql.setCheckpoint.run(checkpoint);
    });
  }

  async checkpoint(): Promise<Position | undefined> {
    return (this.sql.checkpoint.get() as string | undefined) ?? undefined;
  }

  async record(anchors: readonly StreamAnchor[], checkpoint: Position): Promise<void> {
    this.recordBatch.immediate(anchors, checkpoint);
  }

  async get(stream: string): Promise<StreamAnchor | undefined> {
    const row = this.sql.get.get(stream) as AnchorRow | undefined;
    return row && toAnchor(row);
  }

  async page(afterStream: string, limit: number): Promise<StreamAnchor[]> {
    return (this.sql.page.all(afterStream, limit) as AnchorRow[]).map(toAnchor);
  }

  async totals(): Promise<AnchorTotals> {
    const [streams, events] = this.sql.totals.get() as [number, number];
    return { streams, events };
  }

  async addSeal(seal: HeadSeal): Promise<void> {
    this.sql.addSeal.run(seal.sealedAt, seal.position, seal.streams, seal.events, seal.digest, seal.signature);
  }

  async latestSeal(): Promise<HeadSeal | undefined> {
    const row = this.sql.latestSeal.get() as SealRow | undefined;
    if (!row) return undefined;
    const [sealedAt, position, streams, events, digest, signature] = row;
    return { sealedAt, position, streams, events, digest, signature };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
