import { Decider, DomainError, Message } from '@tc/kernel';
import { SqliteEventStore, SqliteSnapshotStore } from '@tc/eventstore';
import { CommandMetadata, CommandPipeline } from './command-pipeline';

type Deposit = Message<'Deposit', { amount: number; max: number }>;
type Deposited = Message<'Deposited', { amount: number }>;
const account: Decider<{ balance: number }, Deposit, Deposited> = {
  initialState: () => ({ balance: 0 }),
  decide: ({ data }, { balance }) => {
    if (balance + data.amount > data.max) throw new DomainError('LIMIT_EXCEEDED', 'over the maximum');
    return data.amount === 0 ? [] : [{ type: 'Deposited', data: { amount: data.amount } }];
  },
  evolve: ({ balance }, { data }) => ({ balance: balance + data.amount }),
};

const metadata: CommandMetadata = { actor: { sub: 'tester', role: 'underwriter' }, correlationId: 'corr-1', comment: 'why' };
const deposit = (amount: number, max = 1_000_000): Deposit => ({ type: 'Deposit', data: { amount, max } });

describe('CommandPipeline (on the embedded event store)', () => {
  let store: SqliteEventStore;
  let pipeline: CommandPipeline;
  const run = (command: Deposit, meta: Partial<CommandMetadata> = {}) =>
    pipeline.execute({ stream: 'account-1', decider: account, command, metadata: { ...metadata, ...meta }, effectiveDate: '2026-01-15' });

  beforeEach(() => {
    store = SqliteEventStore.open({ file: ':memory:', now: () => new Date('2026-01-15T10:00:00Z') });
    pipeline = new CommandPipeline(store);
  });
  afterEach(() => store.close());

  it('loads, folds, decides and appends with the metadata of the command', async () => {
    const first = await run(deposit(10));
    const second = await run(deposit(5), { commandId: 'cmd-2' });
    expect([first.revision, second.revision]).toEqual([0, 1]);
    expect(second.state).toEqual({ balance: 15 });
    const [, stored] = await store.readStream('account-1');
    expect(stored.position).toBe(second.position);
    expect(stored.metadata).toMatchObject({
      actor: { sub: 'tester', role: 'underwriter' },
      correlationId: 'corr-1',
      causationId: 'cmd-2',
      comment: 'why',
      effectiveDate: '2026-01-15',
      schemaVersion: 1,
      recordedAt: '2026-01-15T10:00:00.000Z',
    });
  });

  it('appends nothing when the decider decides nothing', async () => {
    await run(deposit(10));
    const outcome = await run(deposit(0));
    expect(outcome).toMatchObject({ revision: 0, position: undefined, events: [] });
    expect(await store.readStream('account-1')).toHaveLength(1);
  });

  it('refuses a stale If-Match with CONCURRENCY_CONFLICT and appends nothing', async () => {
    await run(deposit(10));
    await run(deposit(10));
    await expect(run(deposit(1), { ifMatch: 0 })).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT', details: { currentRevision: 1 } });
    expect(await store.readStream('account-1')).toHaveLength(2);
    await expect(run(deposit(1), { ifMatch: 1 })).resolves.toMatchObject({ revision: 2 });
  });

  it('re-decides a lost race on the new state: 50 concurrent commands, no lost update', async () => {
    // max 300 with deposits of 10: exactly 30 fit, whoever wins each race.
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => run(deposit(10, 300))));
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(accepted).toHaveLength(30);
    expect(refused.map((r) => (r.reason as DomainError).code)).toEqual(Array(20).fill('LIMIT_EXCEEDED'));
    const events = await store.readStream('account-1');
    expect(events.map((e) => e.revision)).toEqual([...Array(30).keys()]);
    expect((await store.verify('account-1')).intact).toBe(true);
  });

  it('re-decides races lost to another process (two pipelines, as two API replicas, on one store)', async () => {
    const replica = new CommandPipeline(store);
    const on = (p: CommandPipeline) => p.execute({ stream: 'account-1', decider: account, command: deposit(1), metadata, effectiveDate: '2026-01-15' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => on(i % 2 ? pipeline : replica)));
    expect(await store.readStream('account-1')).toHaveLength(20);
  });

  it('with If-Match never retries: of concurrent commands on one revision exactly one wins', async () => {
    await run(deposit(10));
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => run(deposit(1), { ifMatch: 0 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as DomainError).code)).toEqual(Array(9).fill('CONCURRENCY_CONFLICT'));
  });

  describe('snapshots', () => {
    let snapshots: SqliteSnapshotStore;
    let snapshotting: CommandPipeline;
    const policy = { version: 'v1', every: 10 };
    const depositWithSnapshots = (amount: number) =>
      snapshotting.execute({ stream: 'account-1', decider: account, command: deposit(amount), metadata, effectiveDate: '2026-01-15', snapshots: policy });

    beforeEach(() => {
      snapshots = new SqliteSnapshotStore(':memory:');
      snapshotting = new CommandPipeline(store, snapshots);
    });
    afterEach(() => snapshots.close());

    it('loads from the latest snapshot plus the events after it, with the same state as a full fold', async () => {
      for (let i = 1; i <= 25; i++) await depositWithSnapshots(i);
      const fromSnapshot = await new CommandPipeline(store, snapshots).load('account-1', account, policy); // a cold process: no cached state
      const full = await pipeline.load('account-1', account);
      expect(fromSnapshot).toMatchObject({ state: full.state, revision: full.revision });
      expect(full.folded).toBe(25);
      expect(fromSnapshot.folded).toBeLessThan(10);
    });

    it('ignores a snapshot of another history (hash mismatch) or of an older state shape', async () => {
      for (let i = 1; i <= 12; i++) await depositWithSnapshots(1);
      const saved = (await snapshots.load<{ balance: number }>('account-1', 'v1'))!;
      await snapshots.save({ ...saved, revision: saved.revision + 1, hash: 'f'.repeat(64), state: { balance: 999 } });
      expect(await new CommandPipeline(store, snapshots).load('account-1', account, policy)).toMatchObject({ state: { balance: 12 }, folded: 12 });
      expect(await new CommandPipeline(store, snapshots).load('account-1', account, { version: 'v2', every: 100 })).toMatchObject({ state: { balance: 12 }, folded: 12 });
    });
  });

  describe('the in-memory state cache', () => {
    it('folds only what was appended since, including appends by another process', async () => {
      await run(deposit(1));
      await run(deposit(2));
      expect(await pipeline.load('account-1', account)).toMatchObject({ state: { balance: 3 }, folded: 0 });
      await new CommandPipeline(store).execute({ stream: 'account-1', decider: account, command: deposit(4), metadata, effectiveDate: '2026-01-15' });
      expect(await pipeline.load('account-1', account)).toMatchObject({ state: { balance: 7 }, revision: 2, folded: 1 });
    });
  });
});
