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

/** The embedded adapter: its own SQLite file (WAL), apart from the event store's, since it holds no facts. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string, string], Row>;
  private readonly insert: Database.Statement<Row>;

  /** `file` is a path, or ':memory:'. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency_records (
      scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
      headers TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (scope, key)) WITHOUT ROWID`);
    this.select = this.db.prepare('SELECT * FROM idempotency_records WHERE scope = ? AND key = ?');
    this.insert = this.db.prepare(`INSERT OR IGNORE INTO idempotency_records VALUES
      (@scope, @key, @request_hash, @status, @headers, @body, @created_at)`);
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = this.select.get(scope, key);
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

  async save(record: IdempotencyRecord): Promise<void> {
    this.insert.run({
      scope: record.scope,
      key: record.key,
      request_hash: record.requestHash,
      status: record.status,
      headers: JSON.stringify(record.headers),
      body: JSON.stringify(record.body ?? null),
      created_at: record.createdAt,
    });
  }

  readiness(): Readiness {
    this.db.prepare('SELECT 1').get();
    return { ready: true };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
