// Types only: the driver is loaded by connect(), so importing the port does not cost its start-up.
import type { Collection, Filter, MongoClient, UpdateFilter } from 'mongodb';
import { Lease, LeaseStore, checkLeaseArguments } from './lease.port';
import { LeaseOp, StoredLease, acquireOp, currentFilter, releaseOp, renewOp } from './mongo-lease-ops';

export interface MongoLeaseStoreOptions {
  /** `mongodb://…` or `mongodb+srv://…`: the read store's server. */
  readonly url: string;
  /** Default: the URL's database; `trade_credit` when the URL names none (as the read store). */
  readonly database?: string;
  /** Default `_leases`. */
  readonly collection?: string;
  /** The driver waits 30 s by default: a missing server would stall boot and tests. */
  readonly serverSelectionTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

const DUPLICATE_KEY = 11000;
const hasCode = (error: unknown, code: number) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;

const leaseOf = (doc: StoredLease | null): Lease | undefined => (doc ? { name: doc._id, holder: doc.holder, token: doc.token, expiresAt: doc.expiresAt } : undefined);

/**
 * The production lease store: one document per lease, each operation one atomic
 * findOneAndUpdate whose filter holds the expiry check (by the server's clock). Majority
 * write concern: a lease acknowledged by a primary that then loses its election must not
 * come back as never granted.
 */
export class MongoLeaseStore implements LeaseStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly leases: Collection<StoredLease>,
  ) {}

  static async connect(options: MongoLeaseStoreOptions): Promise<MongoLeaseStore> {
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 3_000,
      connectTimeoutMS: options.connectTimeoutMs ?? 3_000,
      writeConcern: { w: 'majority' },
      readConcern: { level: 'majority' },
    });
    try {
      await client.connect();
      const db = options.database ? client.db(options.database) : client.db(client.options.dbName === 'test' ? 'trade_credit' : undefined);
      return new MongoLeaseStore(client, db.collection<StoredLease>(options.collection ?? '_leases'));
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    checkLeaseArguments(name, holder, ttlMs);
    try {
      return await this.apply(acquireOp(name, holder, ttlMs));
    } catch (error) {
      // The filter missed a lease that exists (another holder's, live), so the upsert tried to insert its _id again.
      if (hasCode(error, DUPLICATE_KEY)) return undefined;
      throw error;
    }
  }

  async renew(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    checkLeaseArguments(name, holder, ttlMs);
    return this.apply(renewOp(name, holder, ttlMs));
  }

  async release(name: string, holder: string): Promise<boolean> {
    checkLeaseArguments(name, holder);
    return (await this.apply(releaseOp(name, holder))) !== undefined;
  }

  async current(name: string): Promise<Lease | undefined> {
    return leaseOf(await this.leases.findOne(currentFilter(name) as Filter<StoredLease>));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async apply(op: LeaseOp): Promise<Lease | undefined> {
    const update = op.update as UpdateFilter<StoredLease> | UpdateFilter<StoredLease>[];
    return leaseOf(await this.leases.findOneAndUpdate(op.filter as Filter<StoredLease>, update, { upsert: op.upsert, returnDocument: 'after' }));
  }
}
