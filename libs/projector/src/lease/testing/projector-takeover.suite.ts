import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@tc/eventstore';
import { ReadStore, SqliteReadStore } from '@tc/readstore';
import { Projection } from '../../projection';
import { Projector } from '../../projector';
import { appendActivity, dumpView, ledgerProjection } from '../../testing/toy-projection';
import { LeaseChange, LeaseKeeper } from '../lease-keeper';
import { LeaseStore } from '../lease.port';
import { projectionWork } from '../leased-work';
import { LeaseStoreContractSubject } from './lease-store.contract';
import { cuttable, waitUntil } from './lease-keeper.suite';

const LEDGER_FILTER = { types: ['Deposited', 'Withdrawn', 'AccountClosed'], streamPrefixes: ['account-'] };

/** Holds every event after the first `after` ones until opened: a projection caught mid-way. */
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

/** A read store that dies with its process: from `crash()` on, every commit fails and nothing more is written. */
function mortal(store: ReadStore) {
  let dead = false;
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'commit') return (...args: Parameters<ReadStore['commit']>) => (dead ? Promise.reject(new Error('the worker died')) : target.commit(...args));
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, crash: () => (dead = true) };
}

/**
 * Two worker processes, each with its own connections to the same SQLite event and read stores
 * and to the lease store under test, run the toy ledger projection under one lease. The first
 * builds part of the views and dies (or is cut off from the leases); the second takes over and
 * must end with the views a clean build gives: nothing lost, nothing applied twice.
 */
export function describeProjectorTakeover(name: string, setup: () => Promise<LeaseStoreContractSubject>): void {
  describe(`projector takeover under leases on ${name}`, () => {
    const TTL = 1_000;
    let directory: string;
    let subject: LeaseStoreContractSubject;
    let files: { events: string; views: string };
    let lease: string;
    const cleanup: (() => Promise<unknown>)[] = [];

    beforeAll(() => {
      directory = mkdtempSync(join(tmpdir(), 'tc-takeover-'));
    });
    afterAll(() => rmSync(directory, { recursive: true, force: true }));
    beforeEach(async () => {
      subject = await setup();
      const id = randomUUID();
      files = { events: join(directory, `${id}.events.sqlite`), views: join(directory, `${id}.views.sqlite`) };
      lease = `projection/ledger-${id.slice(0, 8)}`;
    });
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
      await subject.dispose();
    });

    /** One worker process: its own connections, a projector for the ledger under a lease, a keeper. */
    async function worker(id: string, options: { projection?: Projection; retryDelayMs?: number | false; wrapLeases?: (store: LeaseStore) => LeaseStore } = {}) {
      const eventStore = SqliteEventStore.open({ file: files.events, pollIntervalMs: 20 });
      const life = mortal(SqliteReadStore.open({ file: files.views }));
      const leases = await subject.connect();
      const changes: (LeaseChange & { at: number })[] = [];
      const work = { ...projectionWork(options.projection ?? ledgerProjection(), { eventStore, readStore: life.store, batch: { maxEvents: 50, maxDelayMs: 10 }, pollIntervalMs: 50, retryDelayMs: options.retryDelayMs ?? 20 }), name: lease };
      const keeper = new LeaseKeeper({ leases: options.wrapLeases ? options.wrapLeases(leases) : leases, holder: id, ttlMs: TTL, onChange: (change) => changes.push({ ...change, at: performance.now() }) }, [work]);
      cleanup.push(
        () => eventStore.close(),
        () => life.store.close(),
        () => leases.close(),
        () => keeper.stop(),
        async () => work.projector()?.stop(),
      );
      return { id, eventStore, readStore: life.store, keeper, work, changes, crash: life.crash };
    }

    async function caughtUp(projector: Projector | undefined, eventStore: EventStore): Promise<void> {
      if (!projector) throw new Error('no projector runs');
      const head = (await eventStore.headPosition()) as string;
      expect(await projector.waitFor(head, { timeoutMs: 10_000 })).toMatchObject({ reached: true, position: head });
    }

    const viewsOf = async (store: ReadStore) => ({ accounts: await dumpView(store, 'accounts'), totals: await dumpView(store, 'totals') });

    async function cleanBuild(eventStore: EventStore) {
      const store = SqliteReadStore.open({ file: ':memory:' });
      const fresh = new Projector({ eventStore, readStore: store, projections: [ledgerProjection()] });
      await fresh.start();
      await caughtUp(fresh, eventStore);
      const views = await viewsOf(store);
      await fresh.stop();
      await store.close();
      return views;
    }

    /** The first worker dies without a word: no renewal, no release, no commit after this instant. */
    function kill(w: Awaited<ReturnType<typeof worker>>) {
      w.crash();
      w.keeper.halt();
      return performance.now();
    }

    it('resumes a live view from the dead holder’s checkpoint: nothing lost, nothing applied twice', async () => {
      const seed = SqliteEventStore.open({ file: files.events });
      cleanup.push(() => seed.close());
      await appendActivity(seed, 200);
      const slow = gate();
      const a = await worker('a', { projection: ledgerProjection({ before: slow.before }), retryDelayMs: false });
      await a.keeper.start();
      expect(a.keeper.held()).toEqual([lease]);
      await caughtUp(a.work.projector(), a.eventStore);
      const live = await a.readStore.checkpoint('ledger#g1');

      slow.closeAfter(120);
      await appendActivity(seed, 300, 7);
      await waitUntil(async () => slow.applied > 120 && (await a.readStore.checkpoint('ledger#g1'))?.position !== live?.position, 'part of the new events committed');
      const diedAt = kill(a);
      slow.open();
      const left = (await a.readStore.checkpoint('ledger#g1'))?.position;
      const remaining = (await seed.readAll({ after: left, filter: LEDGER_FILTER, limit: 100_000 })).length;
      expect(remaining).toBeGreaterThan(0);

      let appliedByB = 0;
      const b = await worker('b', { projection: ledgerProjection({ before: () => void appliedByB++ }) });
      await b.keeper.start();
      expect(b.keeper.held()).toEqual([]); // the dead holder's lease has not lapsed yet
      await waitUntil(() => b.keeper.held().length === 1, 'the takeover');
      expect(performance.now() - diedAt).toBeLessThan(TTL + (TTL / 5) * 1.2 + 500);
      await caughtUp(b.work.projector(), b.eventStore);

      expect((await b.readStore.generations('accounts')).active).toBe(1); // resumed, not rebuilt
      expect(appliedByB).toBe(remaining);
      expect(await viewsOf(b.readStore)).toEqual(await cleanBuild(b.eventStore));
      expect(b.changes).toMatchObject([{ kind: 'acquired', token: 2 }]);
    });

    it('starts over a first build the dead holder left half done, and ends with the views of a clean build', async () => {
      const seed = SqliteEventStore.open({ file: files.events });
      cleanup.push(() => seed.close());
      await appendActivity(seed, 300);
      const slow = gate();
      slow.closeAfter(120);
      const a = await worker('a', { projection: ledgerProjection({ before: slow.before }), retryDelayMs: false });
      await a.keeper.start();
      await waitUntil(async () => slow.applied > 120 && (await a.readStore.checkpoint('ledger#g1')) !== undefined, 'part of the first build committed');
      kill(a);
      slow.open();
      expect((await a.readStore.generations('accounts')).active).toBeUndefined();

      const b = await worker('b');
      await b.keeper.start();
      await waitUntil(() => b.keeper.held().length === 1, 'the takeover');
      await caughtUp(b.work.projector(), b.eventStore);
      await appendActivity(seed, 40, 9);
      await caughtUp(b.work.projector(), b.eventStore);
      expect(await b.readStore.generations('accounts')).toMatchObject({ active: 2, generations: [expect.objectContaining({ generation: 2 })] });
      expect(await viewsOf(b.readStore)).toEqual(await cleanBuild(b.eventStore));
    });

    it('stops the projector of a holder cut off from the leases before another takes over, and the views stay exact', async () => {
      const seed = SqliteEventStore.open({ file: files.events });
      cleanup.push(() => seed.close());
      await appendActivity(seed, 150);
      let link!: ReturnType<typeof cuttable>;
      let appliedByA = 0;
      const a = await worker('a', { projection: ledgerProjection({ before: () => void appliedByA++ }), wrapLeases: (store) => (link = cuttable(store)).store });
      const b = await worker('b');
      await a.keeper.start();
      await b.keeper.start();
      await caughtUp(a.work.projector(), a.eventStore);

      // Events keep coming while a is cut off: it applies them until its own deadline stops it.
      link.cut();
      const writing = (async () => {
        for (let i = 0; i < 12; i++) {
          await appendActivity(seed, 20, 100 + i);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      await waitUntil(() => b.keeper.held().length === 1, 'the takeover');
      await writing;
      await caughtUp(b.work.projector(), b.eventStore);

      const lost = a.changes.find((c) => c.kind === 'lost');
      const acquired = b.changes.find((c) => c.kind === 'acquired');
      expect(lost).toMatchObject({ reason: 'no renewal got through before the deadline' });
      expect(lost!.at).toBeLessThan(acquired!.at);
      expect(a.work.projector()).toBeUndefined();
      expect(appliedByA).toBeGreaterThan(0);
      expect(await viewsOf(b.readStore)).toEqual(await cleanBuild(b.eventStore));
    });
  });
}

