import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeReadStoreContract } from '../testing/readstore.contract';
import { MongoReadStore } from './mongo-read-store';

const url = process.env.MONGODB_URL;

if (!url) {
  describe('MongoReadStore: the read store contract', () => {
    it('needs a server', () => {
      console.log('skipped: MONGODB_URL not set, so the MongoDB read store contract did not run (its queries still run under mingo in mongo-queries.spec.ts)');
    });
  });
} else {
  /** Each test gets a database of its own, dropped afterwards. */
  describeReadStoreContract('MongoReadStore', async () => {
    const database = `tc_readstore_${randomUUID().slice(0, 8)}`;
    const store = await MongoReadStore.connect({ url, database });
    const admin = new MongoClient(url, { serverSelectionTimeoutMS: 3_000, connectTimeoutMS: 3_000 });
    const db = admin.db(database);
    return {
      store,
      atomic: store.transactional,
      // A validator that nothing satisfies makes every checkpoint write fail.
      async breakCheckpoints() {
        if (!(await db.listCollections({ name: '_checkpoints' }).hasNext())) await db.createCollection('_checkpoints');
        await db.command({ collMod: '_checkpoints', validator: { _id: { $exists: false } }, validationLevel: 'strict', validationAction: 'error' });
        return async () => void (await db.command({ collMod: '_checkpoints', validator: {} }));
      },
      async dispose() {
        await store.close();
        await db.dropDatabase();
        await admin.close();
      },
    };
  });
}

describe('MongoReadStore connection', () => {
  // Runs without a server: the default options must make a missing one fail in seconds, not in the driver's 30.
  it('fails fast when no server answers', async () => {
    const started = Date.now();
    await expect(MongoReadStore.connect({ url: 'mongodb://127.0.0.1:1/?directConnection=true' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
