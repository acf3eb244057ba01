import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoLeaseStore } from './mongo-lease-store';
import { describeLeaseKeeper } from './testing/lease-keeper.suite';
import { describeLeaseStoreContract } from './testing/lease-store.contract';
import { describeProjectorTakeover } from './testing/projector-takeover.suite';

const url = process.env.MONGODB_URL;

if (!url) {
  describe('MongoLeaseStore: the lease store contract', () => {
    it('needs a server', () => {
      console.log('skipped: MONGODB_URL not set, so the MongoDB lease store contract, keeper and takeover tests did not run (its operations still run under mingo in mongo-lease-ops.spec.ts)');
    });
  });
} else {
  /** Each test gets a database of its own, dropped afterwards; each competitor connects by itself, as each worker does. */
  const subject = async () => {
    const database = `tc_leases_${randomUUID().slice(0, 8)}`;
    const store = await MongoLeaseStore.connect({ url, database });
    return {
      store,
      connect: () => MongoLeaseStore.connect({ url, database }),
      async dispose() {
        await store.close();
        const admin = new MongoClient(url, { serverSelectionTimeoutMS: 3_000, connectTimeoutMS: 3_000 });
        await admin.db(database).dropDatabase();
        await admin.close();
      },
    };
  };
  describeLeaseStoreContract('MongoLeaseStore', subject);
  describeLeaseKeeper('MongoLeaseStore', subject);
  describeProjectorTakeover('MongoLeaseStore', subject);
}

describe('MongoLeaseStore connection', () => {
  // Runs without a server: a worker must fail in seconds when MongoDB is missing, not in the driver's 30.
  it('fails fast when no server answers', async () => {
    const started = Date.now();
    await expect(MongoLeaseStore.connect({ url: 'mongodb://127.0.0.1:1/?directConnection=true' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
