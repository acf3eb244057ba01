import Database from 'better-sqlite3';
import { Lease, LeaseStore, checkLeaseArguments } from './lease.port';

export interface SqliteLeaseStoreOptions {
  /** Its own file (`<DATA_DIR>/leases.sqlite`), shared by every process of the machine that competes for the leases. */
  readonly file: string;
  readonly busyTimeoutMs?: number;
  /** Milliseconds since the epoch; every process of one machine reads the same clock. */
  readonly now?: () => number;
}

/**
 * Each operation is one statement in its own `BEGIN IMMEDIATE` transaction, so SQLite's write
 * lock serialises competitors across processes. Exported so that the cross-thread race test
 * runs exactly these statements.
 */
export const LEASE_SQL = {
  schema: 'CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, token INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID',
  // The update's WHERE is the compare-and-set: a live lease of another holder is left alone, and RETURNING then yields no row.
  // SET expressions read the row as it was, so the token grows only when a new tenure starts.
  acquire:
    'INSERT INTO leases (name, holder, token, expires_at) VALUES (@name, @holder, 1, @now + @ttl) ' +
    'ON CONFLICT (name) DO UPDATE SET ' +
    'token = CASE WHEN holder = excluded.holder AND expires_at > @now THEN token ELSE token + 1 END, ' +
    'holder = excluded.holder, expires_at = excluded.expires_at ' +
    'WHERE holder = excluded.holder OR expires_at <= @now ' +
    'RETURNING name, holder, token, expires_at',
  renew: 'UPDATE leases SET expires_at = @now + @ttl WHERE name = @name AND holder = @holder AND expires_at > @now RETURNING name, holder, token, expires_at',
  // Kept as a row (expired), so the next tenure's token still grows.
  release: 'UPDATE leases SET expires_at = 0 WHERE name = @name AND holder = @holder AND expires_at > @now',
  current: 'SELECT name, holder, token, expires_at FROM leases WHERE name = @name AND expires_at > @now',
} as const;

interface Row {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
  readonly expires_at: number;
}

const leaseOf = (row: Row | undefined): Lease | undefined => row && { name: row.name, holder: row.holder, token: row.token, expiresAt: new Date(row.expires_at) };

/** The embedded lease store: a table in its own SQLite file (WAL), safe across the processes of one machine. */
export class SqliteLeaseStore implements LeaseStore {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly statements;

  static open(options: SqliteLeaseStoreOptions): SqliteLeaseStore {
    return new SqliteLeaseStore(options);
  }

  private constructor(options: SqliteLeaseStoreOptions) {
    this.db = new Database(options.file, { timeout: options.busyTimeoutMs ?? 5_000 });
    this.db.pragma('journal_mode = WAL');
    // A lease lost to a power cut only lapses sooner: every holder restarts after one anyway.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(LEASE_SQL.schema);
    this.now = options.now ?? Date.now;
    this.statements = {
      acquire: this.db.prepare(LEASE_SQL.acquire),
      renew: this.db.prepare(LEASE_SQL.renew),
      release: this.db.prepare(LEASE_SQL.release),
      current: this.db.prepare(LEASE_SQL.current),
    };
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    checkLeaseArguments(name, holder, ttlMs);
    return leaseOf(this.inTransaction(() => this.statements.acquire.get({ name, holder, ttl: ttlMs, now: this.now() }) as Row | undefined));
  }

  async renew(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    checkLeaseArguments(name, holder, ttlMs);
    return leaseOf(this.inTransaction(() => this.statements.renew.get({ name, holder, ttl: ttlMs, now: this.now() }) as Row | undefined));
  }

  async release(name: string, holder: string): Promise<boolean> {
    checkLeaseArguments(name, holder);
    return this.inTransaction(() => this.statements.release.run({ name, holder, now: this.now() }).changes > 0);
  }

  async current(name: string): Promise<Lease | undefined> {
    return leaseOf(this.statements.current.get({ name, now: this.now() }) as Row | undefined);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** `now` is read inside the transaction, after the write lock is held: no competitor commits between the two. */
  private inTransaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}
