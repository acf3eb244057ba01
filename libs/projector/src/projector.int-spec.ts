import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteEventStore, StoredEvent } from '@tc/eventstore';
import { Batch, ReadStore, SqliteReadStore, ViewDocument } from '@tc/readstore';
import { Projection } from './projection';
import { Projector, ProjectorOptions } from './projector';
import { RebuildProgress } from './projection-status';
import { ACCOUNTS, Totals, appendActivity, dumpView, ledgerProjection } from './testing/toy-projection';

const directory = mkdtempSync(join(tmpdir(), 'tc-projector-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const newFile = (kind: string) => join(directory, `${randomUUID()}.${kind}.sqlite`);

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  for (const start = Date.now(); !(await condition()); await sleep(5)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Holds every event after the first `after` ones until opened: a slow or stuck projection. */
function gate() {
  let applied = 0;
  let limit = Infinity;
  let release: () => void = () => undefined;
  let opened = Promise.resolve();
  return {
    get applied() {
      return applied;
    },
    closeAfter(more: number) {
      applied = 0;
      limit = more;
      opened = new Promise((resolve) => (release = resolve));
    },
    open() {
      limit = Infinity;
      release();
    },
    before: async () => {
      applied++;
      if (applied > limit) await opened;
    },
  };
}

/** A read store that records every batch, and can be made to fail a commit (the process dying at that moment). */
function recording(store: ReadStore) {
  const batches: Batch[] = [];
  let failAt: number | undefined;
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'commit') {
        return async (batch: Batch) => {
          if (failAt !== undefined && batches.length >= failAt) throw new Error('the process died while committing');
          batches.push(batch);
          return target.commit(batch);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, batches, failAfter: (commits: number) => (failAt = batches.length + commits) };
}

/**
 * A store without transactions (a standalone MongoDB): one chosen commit writes only some of its
 * documents (the running totals among them), no checkpoint, then fails. The projector replays
 * from the old checkpoint onto documents that already hold some of the replayed events.
 */
function tearingOnce(store: ReadStore) {
  let tearAt: number | undefined;
  let commits = 0;
  let torn = false;
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'commit') {
        return async (batch: Batch) => {
          if (++commits === tearAt) {
            await target.commit({ ops: batch.ops.filter((op, i) => op.view === 'totals' || i % 2 === 0), checkpoints: [] });
            torn = true;
            throw new Error('connection lost half-way through the batch');
          }
          return target.commit(batch);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, tearNext: () => (tearAt = commits + 1), torn: () => torn };
}

describe('Projector over a SQLite event store and read store', () => {
  let eventStore: SqliteEventStore;
  let readStore: SqliteReadStore;
  const running: Projector[] = [];

  beforeEach(() => {
    eventStore = SqliteEventStore.open({ file: newFile('events'), pollIntervalMs: 20 });
    readStore = SqliteReadStore.open({ file: newFile('views') });
  });
  afterEach(async () => {
    for (const projector of running.splice(0)) await projector.stop();
    await eventStore.close();
    await readStore.close();
  });

  function projector(options: Partial<ProjectorOptions> & { projection?: Projection } = {}): Projector {
    const created = new Projector({
      eventStore,
      readStore,
      projections: [options.projection ?? ledgerProjection()],
      batch: { maxEvents: 50, maxDelayMs: 10 },
      pollIntervalMs: 50,
      retryDelayMs: 20,
      ...options,
    });
    running.push(created);
    return created;
  }

  async function caughtUp(projector: Projector): Promise<void> {
    const head = (await eventStore.headPosition()) as string;
    expect(await projector.waitFor(head, { timeoutMs: 10_000 })).toMatchObject({ reached: true, position: head });
  }

  const viewsOf = async (store: ReadStore = readStore) => ({ accounts: await dumpView(store, 'accounts'), totals: await dumpView(store, 'totals') });

  /** What a fresh projector builds from the same log into an empty store: the reference for every recovery. */
  async function cleanBuild(projection: Projection = ledgerProjection()) {
    const store = SqliteReadStore.open({ file: ':memory:' });
    const fresh = new Projector({ eventStore, readStore: store, projections: [projection] });
    await fresh.start();
    await caughtUp(fresh);
    const views = await viewsOf(store);
    await fresh.stop();
    await store.close();
    return views;
  }

  it('applies the events it reads, each once and in log order, and skips the others', async () => {
    await appendActivity(eventStore, 300);
    const p = projector();
    await p.start();
    await caughtUp(p);

    const read = await eventStore.readAll({ filter: { types: ['Deposited', 'Withdrawn', 'AccountClosed'], streamPrefixes: ['account-'] } });
    const accounts = new Map<string, ViewDocument>();
    let balance = 0;
    for (const e of read) {
      const id = e.data.account as string;
      const delta = e.type === 'Deposited' ? (e.data.amount as number) : e.type === 'Withdrawn' ? -(e.data.amount as number) : 0;
      balance += delta;
      if (e.type === 'AccountClosed') accounts.delete(id);
      else {
        const account = (accounts.get(id) as { balance: number; movements: number } | undefined) ?? { balance: 0, movements: 0 };
        accounts.set(id, { id, balance: account.balance + delta, movements: account.movements + 1 });
      }
    }
    const views = await viewsOf();
    expect(views.totals).toEqual([{ id: 'all', balance, events: read.length, trail: read.map((e) => `${e.stream}@${e.revision}`) }]);
    expect(views.accounts).toEqual([...accounts.keys()].sort().map((id) => accounts.get(id)));
    expect(read.length).toBeLessThan(300);
  });

  it('commits in batches of maxEvents, each with its checkpoint, one write per document', async () => {
    await appendActivity(eventStore, 230);
    const recorder = recording(readStore);
    const p = projector({ readStore: recorder.store });
    await p.start();
    await caughtUp(p);

    const read = await eventStore.readAll({ filter: { types: ['Deposited', 'Withdrawn', 'AccountClosed'], streamPrefixes: ['account-'] } });
    const batches = recorder.batches;
    expect(batches.every((batch) => batch.checkpoints.length === 1 && batch.checkpoints[0].projection === 'ledger#g1')).toBe(true);
    const full = Math.floor(read.length / 50);
    expect(batches.slice(0, full).map((batch) => batch.checkpoints[0].position)).toEqual(Array.from({ length: full }, (_, i) => read[i * 50 + 49].position));
    expect(batches.at(-1)?.checkpoints[0].position).toBe(await eventStore.headPosition());
    for (const batch of batches) {
      const targets = batch.ops.map((op) => `${op.view}/${'put' in op ? op.put.id : op.delete}`);
      expect(new Set(targets).size).toBe(targets.length);
    }
    expect(await readStore.checkpoint('ledger#g1')).toEqual({ projection: 'ledger#g1', position: await eventStore.headPosition(), version: 1 });
  });

  it('gathers live events that arrive within the batch delay into one commit', async () => {
    const recorder = recording(readStore);
    const p = projector({ readStore: recorder.store, batch: { maxEvents: 500, maxDelayMs: 150 } });
    await appendActivity(eventStore, 20);
    await p.start();
    await caughtUp(p);
    const before = recorder.batches.length;
    await appendActivity(eventStore, 30, 7);
    await sleep(600);
    expect(recorder.batches.length - before).toBeLessThanOrEqual(2);
    expect(await viewsOf()).toEqual(await cleanBuild());
  });

  it('resumes after the projection throws mid-batch, with nothing lost or applied twice', async () => {
    await appendActivity(eventStore, 120);
    let armed = false;
    let seen = 0;
    const errors: string[] = [];
    const p = projector({
      projection: ledgerProjection({
        before: () => {
          if (armed && ++seen === 37) throw new Error('a bug in the reducer');
        },
      }),
      logger: { log: (level, message) => level === 'error' && errors.push(message) },
    });
    await p.start();
    await caughtUp(p);
    armed = true;
    await appendActivity(eventStore, 150, 3);
    await caughtUp(p);
    expect(errors).toEqual(['projector: ledger failed']);
    expect(await viewsOf()).toEqual(await cleanBuild());
  });

  it('resumes after dying at a commit, from the last checkpoint, without a rebuild', async () => {
    await appendActivity(eventStore, 100);
    const recorder = recording(readStore);
    const first = projector({ readStore: recorder.store, retryDelayMs: false });
    await first.start();
    await caughtUp(first);
    recorder.failAfter(1);
    await appendActivity(eventStore, 200, 5);
    await waitUntil(async () => (await first.status())[0].status === 'failed', 'the failure');
    expect((await first.status())[0]).toMatchObject({ status: 'failed', error: 'the process died while committing', generation: 1 });
    await first.stop();

    const second = projector();
    await second.start();
    await caughtUp(second);
    expect((await second.status())[0]).toMatchObject({ status: 'live', generation: 1 });
    expect(await viewsOf()).toEqual(await cleanBuild());
  });

  it('converges after a batch was half written without a transaction, applying no event twice', async () => {
    await appendActivity(eventStore, 100);
    const torn = tearingOnce(readStore);
    const p = projector({ readStore: torn.store, batch: { maxEvents: 40, maxDelayMs: 10 }, retryDelayMs: 300 });
    await p.start();
    await caughtUp(p);
    // A small live batch is torn; the replay reads a longer page over it, so later events meet documents already ahead.
    torn.tearNext();
    await appendActivity(eventStore, 10, 13);
    await waitUntil(torn.torn, 'the torn commit');
    await appendActivity(eventStore, 200, 17);
    await caughtUp(p);
    expect(await viewsOf()).toEqual(await cleanBuild());
  });

  it('commits what it applied when stopped mid-batch, and a restart continues from there', async () => {
    await appendActivity(eventStore, 300);
    const slow = gate();
    const first = projector({ projection: ledgerProjection({ before: slow.before }), batch: { maxEvents: 50, maxDelayMs: 60_000 } });
    slow.closeAfter(70);
    await first.start();
    await waitUntil(() => slow.applied > 70, 'the 70th event');
    const stopping = first.stop();
    slow.open();
    await stopping;
    const stored = await readStore.checkpoint('ledger#g1');
    // Never activated: the first build was cut short, so the restart starts it again.
    expect((await readStore.generations('accounts')).active).toBeUndefined();
    expect(stored?.position).toBeDefined();

    const second = projector();
    await second.start();
    await caughtUp(second);
    expect(await viewsOf()).toEqual(await cleanBuild());
  });

  it('rebuilds beside the live views, which queries read until the switch, then drops the old generation', async () => {
    await appendActivity(eventStore, 200);
    const slow = gate();
    const p = projector({ projection: ledgerProjection({ before: slow.before }) });
    await p.start();
    await caughtUp(p);
    const live = await viewsOf();

    slow.closeAfter(120);
    const rebuilt = p.rebuild('ledger');
    await waitUntil(() => slow.applied > 120, 'a half-built generation');
    const half = await readStore.getVersioned<Totals>('totals', 'all', 2);
    expect(half?.doc?.events).toBeLessThan((live.totals[0] as Totals).events);
    expect((await readStore.generations('accounts')).active).toBe(1);
    expect(await viewsOf()).toEqual(live);
    expect((await p.status())[0]).toMatchObject({ status: 'rebuilding', generation: 1, rebuild: { generation: 2, done: false } });
    expect(p.rebuild('ledger')).toBe(rebuilt);

    slow.open();
    await appendActivity(eventStore, 20, 11);
    await rebuilt;
    expect((await readStore.generations('accounts')).generations.map((g) => g.generation)).toEqual([2]);
    expect((await readStore.generations('totals')).active).toBe(2);
    await caughtUp(p);
    expect(await viewsOf()).toEqual(await cleanBuild());
    expect((await p.status())[0]).toMatchObject({ status: 'live', generation: 2 });
  });

  it('rebuilds at start when the version is bumped, serving the old views until the new ones are complete', async () => {
    await appendActivity(eventStore, 150);
    const v1 = projector();
    await v1.start();
    await caughtUp(v1);
    await v1.stop();
    const old = await viewsOf();

    const slow = gate();
    slow.closeAfter(10);
    const v2 = projector({ projection: ledgerProjection({ version: 2, factor: 2, before: slow.before }) });
    await v2.start();
    await waitUntil(() => slow.applied > 10, 'the rebuild');
    expect((await v2.status())[0]).toMatchObject({ name: 'ledger', version: 2, status: 'rebuilding', generation: 1 });
    expect(await viewsOf()).toEqual(old);
    slow.open();
    await v2.rebuild('ledger');
    expect((await readStore.generations('accounts')).active).toBe(2);
    expect(await viewsOf()).toEqual(await cleanBuild(ledgerProjection({ version: 2, factor: 2 })));
    expect(await readStore.checkpoint('ledger#g2')).toMatchObject({ version: 2 });
  });

  it('rebuilds at start when a view definition changed without a version bump', async () => {
    await appendActivity(eventStore, 40);
    const before = projector();
    await before.start();
    await caughtUp(before);
    await before.stop();
    const after = projector({ projection: ledgerProjection({ views: [{ ...ACCOUNTS, compound: [['balance', 'movements']] }, { name: 'totals', fields: { balance: 'number' } }] }) });
    await after.start();
    await after.rebuild('ledger');
    expect((await readStore.generations('accounts')).active).toBe(2);
  });

  it('builds a first generation unseen: queries read nothing until it is complete', async () => {
    await appendActivity(eventStore, 120);
    const slow = gate();
    slow.closeAfter(60);
    const p = projector({ projection: ledgerProjection({ before: slow.before }) });
    await p.start();
    await waitUntil(() => slow.applied > 60, 'the first batches');
    expect(await readStore.count('accounts')).toBe(0);
    expect((await p.status())[0]).toMatchObject({ status: 'rebuilding', rebuild: { generation: 1 } });
    expect((await p.status())[0].generation).toBeUndefined();
    expect(await p.waitFor((await eventStore.headPosition()) as string, { timeoutMs: 50 })).toEqual({ reached: false, position: undefined });
    slow.open();
    await caughtUp(p);
    expect(await readStore.count('accounts')).toBeGreaterThan(0);
  });

  it('waits for a position, also one the projection skips, and reports a timeout with the position reached', async () => {
    await appendActivity(eventStore, 20);
    const slow = gate();
    const p = projector({ projection: ledgerProjection({ before: slow.before }), pollIntervalMs: 60_000, batch: { maxEvents: 500, maxDelayMs: 60_000 } });
    await p.start();
    await caughtUp(p);

    const deposit = await eventStore.append('account-z', [{ type: 'Deposited', data: { account: 'z', amount: 5 }, metadata: { eventId: randomUUID(), actor: { sub: 's', role: 'admin' }, correlationId: 'c', causationId: 'c', effectiveDate: '2026-03-01', schemaVersion: 1 } }], 'no_stream');
    const started = Date.now();
    expect(await p.waitFor(deposit.position)).toEqual({ reached: true, position: deposit.position });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await readStore.get('accounts', 'z')).toEqual({ id: 'z', balance: 5, movements: 1 });

    const noise = await eventStore.append('noise-z', [{ type: 'Noted', data: {}, metadata: { eventId: randomUUID(), actor: { sub: 's', role: 'admin' }, correlationId: 'c', causationId: 'c', effectiveDate: '2026-03-01', schemaVersion: 1 } }], 'no_stream');
    expect(await p.waitFor(noise.position)).toEqual({ reached: true, position: noise.position });

    slow.closeAfter(0);
    await appendActivity(eventStore, 10, 9);
    const head = (await eventStore.headPosition()) as string;
    const waited = Date.now();
    expect(await p.waitFor(head, { timeoutMs: 150, projections: ['ledger'] })).toEqual({ reached: false, position: noise.position });
    expect(Date.now() - waited).toBeGreaterThanOrEqual(140);
    slow.open();
    expect(() => p.waitFor(head, { projections: ['nope'] })).toThrow('no projection named nope');
  });

  it('reports status and lag: events after the checkpoint, and the age of the oldest one not shown', async () => {
    let clock = new Date('2026-03-02T09:00:00.000Z');
    await eventStore.close();
    eventStore = SqliteEventStore.open({ file: newFile('events'), now: () => clock, pollIntervalMs: 20 });
    await appendActivity(eventStore, 5);
    const slow = gate();
    const p = projector({ projection: ledgerProjection({ before: slow.before }), lagCountCap: 5, clock: () => Date.parse('2026-03-02T09:01:30.000Z') });
    await p.start();
    await caughtUp(p);
    const head = await eventStore.headPosition();
    // The first generation is a rebuild too: its figures stay in the status.
    const lastRebuild = { projection: 'ledger', generation: 1, events: 5, position: head, eventsPerSecond: expect.any(Number), fraction: 1, etaSeconds: 0, done: true };
    expect(await p.status()).toEqual([{ name: 'ledger', version: 1, generation: 1, checkpoint: head, status: 'live', lag: { events: 0, eventsCapped: false, seconds: 0 }, lastRebuild }]);

    slow.closeAfter(0);
    clock = new Date('2026-03-02T09:00:30.000Z');
    await appendActivity(eventStore, 3, 2);
    await sleep(50);
    expect((await p.status())[0]).toMatchObject({ checkpoint: head, lag: { events: 3, eventsCapped: false, seconds: 60 } });
    await appendActivity(eventStore, 4, 4);
    expect((await p.status())[0].lag).toEqual({ events: 5, eventsCapped: true, seconds: 60 });
    slow.open();
    await caughtUp(p);
    expect((await p.status())[0].lag).toEqual({ events: 0, eventsCapped: false, seconds: 0 });
  });

  it('reports a rebuild’s progress: events, rate, share of the log and the time left', async () => {
    await appendActivity(eventStore, 300);
    const reports: RebuildProgress[] = [];
    const p = projector({ onProgress: (progress) => reports.push(progress), progressIntervalMs: 0, batch: { maxEvents: 20, maxDelayMs: 10 } });
    await p.start();
    await caughtUp(p);
    await waitUntil(() => reports.at(-1)?.done === true, 'the last report');
    const last = reports.at(-1) as RebuildProgress;
    expect(last).toMatchObject({ projection: 'ledger', generation: 1, done: true, fraction: 1, etaSeconds: 0, position: await eventStore.headPosition() });
    expect(last.eventsPerSecond).toBeGreaterThan(0);
    expect(reports.length).toBeGreaterThan(5);
    const middle = reports[Math.floor(reports.length / 2)];
    expect(middle.fraction).toBeGreaterThan(0);
    expect(middle.fraction).toBeLessThan(1);
    expect(middle.etaSeconds).toBeGreaterThanOrEqual(0);
    expect(reports.map((r) => r.events)).toEqual([...reports.map((r) => r.events)].sort((a, b) => a - b));
  });

  it('fails a projection that writes a view it does not declare, saying so', async () => {
    await appendActivity(eventStore, 10);
    const rogue: Projection = { ...ledgerProjection(), apply: (_: StoredEvent, tx) => tx.put('elsewhere', 'x', {}) };
    const p = projector({ projection: rogue, retryDelayMs: false });
    await p.start();
    await waitUntil(async () => (await p.status())[0].status === 'failed', 'the failure');
    expect((await p.status())[0].error).toBe('projection ledger writes view elsewhere, which it does not declare');
  });

  it('refuses projections that are malformed or share a view', () => {
    const p = projector();
    expect(() => p.register({ ...ledgerProjection(), name: 'other' })).toThrow('view accounts is written by ledger already');
    expect(() => p.register({ ...ledgerProjection(), name: 'bad name' })).toThrow(/invalid or taken/);
    expect(() => p.register({ ...ledgerProjection(), name: 'v0', version: 0, views: [] })).toThrow(/positive integer/);
  });
});
