import Database from 'better-sqlite3';
import { Snapshot, SnapshotStore } from './snapshot-store.port';

/**
 * Embedded snapshots: one row per stream (the latest), in their own file. Losing the file
 * loses nothing: loads fall back to folding the whole stream.
 */
export class SqliteSnapshotStore implements SnapshotStore {
  private readonly db: Database.Database;
  private readonly selectRow: Database.Statement<[string, string], { revision: number; hash: string; state: string }>;
  private readonly upsertRow: Database.Statement<[string, number, string, string, string]>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // A lost snapshot is rebuilt from the log, so it need not survive a power cut.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS snapshots (
      stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, hash TEXT NOT NULL, version TEXT NOT NULL, state TEXT NOT NULL
    ) WITHOUT ROWID`);
    this.selectRow = this.db.prepare('SELECT revision, hash, state FROM snapshots WHERE stream = ? AND version = ?');
    this.upsertRow = this.db.prepare(
      `INSERT INTO snapshots (stream, revision, hash, version, state) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, version = excluded.version, state = excluded.state
       WHERE excluded.revision > snapshots.revision OR excluded.version <> snapshots.version`,
    );
  }

  async load<State>(stream: string, version: string): Promise<Snapshot<State> | undefined> {
    const row = this.selectRow.get(stream, version);
    return row && { stream, version, revision: row.revision, hash: row.hash, state: JSON.parse(row.state) as State };
  }

  async save(snapshot: Snapshot): Promise<void> {
    this.upsertRow.run(snapshot.stream, snapshot.revision, snapshot.hash, snapshot.version, JSON.stringify(snapshot.state));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
