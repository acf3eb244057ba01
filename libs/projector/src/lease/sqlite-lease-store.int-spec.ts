import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LEASE_SQL, SqliteLeaseStore } from './sqlite-lease-store';
import { describeLeaseKeeper } from './testing/lease-keeper.suite';
import { describeLeaseStoreContract } from './testing/lease-store.contract';
import { describeProjectorTakeover } from './testing/projector-takeover.suite';

const directory = mkdtempSync(join(tmpdir(), 'tc-leases-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const newFile = () => join(directory, `${randomUUID()}.leases.sqlite`);

/** Every competitor opens the file itself, as each worker process on the machine does. */
const subject = async () => {
  const file = newFile();
  const store = SqliteLeaseStore.open({ file });
  return { store, connect: async () => SqliteLeaseStore.open({ file }), dispose: () => store.close() };
};

describeLeaseStoreContract('SqliteLeaseStore', subject);
describeLeaseKeeper('SqliteLeaseStore', subject);
describeProjectorTakeover('SqliteLeaseStore', subject);

/**
 * A competitor in a thread of its own, with its own connection: real parallelism, as between
 * processes. It runs the adapter's own statements (workers cannot load TypeScript) and, while it
 * believes it holds the lease, counts itself in a counter shared by all threads: a second holder
 * at the same moment would find it above zero.
 */
const COMPETITOR = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { file, sql, name, holder, rounds } = workerData;
const inside = new Int32Array(workerData.inside);
const db = new Database(file, { timeout: 10000 });
const acquire = db.prepare(sql.acquire);
const release = db.prepare(sql.release);
const tenures = [];
let overlaps = 0;
for (let won = 0, tries = 0; won < rounds && tries < rounds * 2000; tries++) {
  const row = db.transaction(() => acquire.get({ name, holder, ttl: 60000, now: Date.now() })).immediate();
  if (!row) continue;
  if (Atomics.add(inside, 0, 1) !== 0) overlaps++;
  const until = Date.now() + 1;
  while (Date.now() < until);
  Atomics.sub(inside, 0, 1);
  db.transaction(() => release.run({ name, holder, now: Date.now() })).immediate();
  tenures.push(row.token);
  won++;
}
db.close();
parentPort.postMessage({ tenures, overlaps });
`;

describe('SqliteLeaseStore across threads (one connection each, as separate processes)', () => {
  it('never lets two of four racing competitors hold the lease at once, and numbers every tenure once', async () => {
    const file = newFile();
    SqliteLeaseStore.open({ file }).close(); // creates the schema
    const inside = new SharedArrayBuffer(4);
    const name = `race-${randomUUID()}`;
    const results = await Promise.all(
      Array.from(
        { length: 4 },
        (_, i) =>
          new Promise<{ tenures: number[]; overlaps: number }>((resolve, reject) => {
            const worker = new Worker(COMPETITOR, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file, sql: LEASE_SQL, name, holder: `t${i}`, rounds: 40, inside } });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
    expect(results.map((r) => r.overlaps)).toEqual([0, 0, 0, 0]);
    const tokens = results.flatMap((r) => r.tenures).sort((a, b) => a - b);
    expect(tokens).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
    const store = SqliteLeaseStore.open({ file });
    expect(await store.current(name)).toBeUndefined();
    await store.close();
  });

  it('keeps its leases in WAL mode, in the file it was given', async () => {
    const file = newFile();
    const store = SqliteLeaseStore.open({ file });
    await store.acquire('projection/x', 'a', 60_000);
    await store.close();
    const reopened = SqliteLeaseStore.open({ file });
    expect(await reopened.current('projection/x')).toMatchObject({ holder: 'a', token: 1 });
    await reopened.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
