import Database from 'better-sqlite3';
import { AppendResult, NewEvent } from '@tc/eventstore';

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

/**
 * The least a hand-written SQLite event log does: one table, prepared statements, one
 * transaction per append that checks the current revision, the same durability settings,
 * and JSON.stringify / JSON.parse of data and metadata. The adapter is measured against it.
 */
export class MinimalSqliteLog {
  private readonly db: Database.Database;
  private readonly lastRevision;
  private readonly insert;
  private readonly byStream;
  private readonly page;
  private readonly appendInTransaction;

  constructor(file: string) {
    this.db = new Database(file, { timeout: 5_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, revision))`);
    this.lastRevision = this.db.prepare('SELECT max(revision) FROM events WHERE stream_id = ?').pluck();
    this.insert = this.db.prepare('INSERT INTO events (stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?)');
    this.byStream = this.db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision');
    this.page = this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.appendInTransaction = this.db.transaction((stream: string, events: readonly NewEvent[], expected: number | 'no_stream'): AppendResult => {
      let revision = (this.lastRevision.get(stream) as number | null) ?? -1;
      if (revision !== (expected === 'no_stream' ? -1 : expected)) throw new Error(`stream ${stream}: expected ${expected}, actual ${revision}`);
      const recordedAt = new Date().toISOString();
      let position = 0;
      for (const event of events) {
        const metadata = JSON.stringify({ ...event.metadata, recordedAt });
        position = this.insert.run(stream, ++revision, event.type, JSON.stringify(event.data), metadata).lastInsertRowid as number;
      }
      return { revision, position: String(position) };
    });
  }

  async append(stream: string, events: readonly NewEvent[], expected: number | 'no_stream'): Promise<AppendResult> {
    return this.appendInTransaction.immediate(stream, events, expected);
  }

  async readStream(stream: string) {
    return (this.byStream.all(stream) as Row[]).map(toEvent);
  }

  async readAll({ after, limit }: { after?: string; limit: number }) {
    return (this.page.all(Number(after ?? 0), limit) as Row[]).map(toEvent);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

const toEvent = (row: Row) => ({
  stream: row.stream_id,
  revision: row.revision,
  position: String(row.position),
  type: row.type,
  data: JSON.parse(row.data) as Record<string, unknown>,
  metadata: JSON.parse(row.metadata) as Record<string, unknown>,
});
