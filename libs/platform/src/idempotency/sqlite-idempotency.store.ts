import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Readiness } from '../health/health.registry';
import { IdempotencyRecord, IdempotencyStore } from './idempotency.port';

interface Row {
  readonly scope: string;
  readonly key: string;
  readonly request_hash: string;
  readonly status: number;
  readonly headers: string;
  readonly body: string;
  readonly created_at: string;
}

interface PendingSave {
  readonly record: IdempotencyRecord;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The embedded adapter: its own SQLite file (WAL), apart from the event store's, since it holds
 * no facts. Saves issued in the same turn of the event loop (the responses of one group commit
 * of the event store) share one transaction.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string, string], Row>;
  private readonly insert: Database.Statement<Row>;
  private readonly insertAll: Database.Transaction<(records: readonly IdempotencyRecord[]) => void>;
  private pending: PendingSave[] = [];

  /** `file` is a path, or ':memory:'. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL: a record survives a crash of the process, not always a power cut. A record is saved
    // after its command's events were appended anyway, so a crash in between already loses it;
    // FULL would add an fsync to every command for no stronger guarantee.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency_records (
      scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
      headers TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (scope, key)) WITHOUT ROWID`);
    this.select = this.db.prepare('SELECT * FROM idempotency_records WHERE scope = ? AND key = ?');
    this.insert = this.db.prepare(`INSERT OR IGNORE INTO idempotency_records VALUES
      (@scope, @key, @request_hash, @status, @headers, @body, @created_at)`);
    this.insertAll = this.db.transaction((records: readonly IdempotencyRecord[]) => {
      for (const record of records) this.insert.run(rowOf(record));
    });
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = this.select.get(scope, key);
    // The stored record came first; else the first one still waiting for its transaction.
    if (!row) return this.pending.find(({ record }) => record.scope === scope && record.key === key)?.record;
    return (
      row && {
        scope: row.scope,
        key: row.key,
        requestHash: row.request_hash,
        status: row.status,
        headers: JSON.parse(row.headers) as Record<string, string>,
        body: JSON.parse(row.body),
        createdAt: row.created_at,
      }
    );
  }

  /** Resolves once the record is committed, in the next turn's transaction. */
  save(record: IdempotencyRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ record, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const group = this.pending;
    this.pending = [];
    if (group.length === 0 || !this.db.open) return;
    try {
      this.insertAll.immediate(group.map((save) => save.record));
    } catch (error) {
      for (const save of group) save.reject(error);
      return;
    }
    for (const save of group) save.resolve();
  }

  readiness(): Readiness {
    this.db.prepare('SELECT 1').get();
    return { ready: true };
  }

  close(): void {
    this.flush();
    if (this.db.open) this.db.close();
  }
}

const rowOf = (record: IdempotencyRecord): Row => ({
  scope: record.scope,
  key: record.key,
  request_hash: record.requestHash,
  status: record.status,
  headers: JSON.stringify(record.headers),
  body: JSON.stringify(record.body ?? null),
  created_at: record.createdAt,
});
