import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseChange, LeaseKeeper, LeaseKeeperOptions, LeasedWork } from '../lease-keeper';
import { LeaseStore } from '../lease.port';
import { LeaseStoreContractSubject } from './lease-store.contract';

/** Starts and stops of works, in order, by keeper: overlaps show as a start while another keeper's run is open. */
export interface Run {
  readonly keeper: string;
  readonly work: string;
  readonly startedAt: number;
  stoppedAt?: number;
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  for (const start = Date.now(); !(await condition()); await sleep(5)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

/** A lease store in front of another, which can be cut off: its calls then hang, as with a dead network. */
export function cuttable(store: LeaseStore): { store: LeaseStore; cut(): void; refuseRenewals(): void } {
  let cut = false;
  let refuse = false;
  const hang = new Promise<never>(() => undefined);
  return {
    store: {
      acquire: (...args) => (cut ? hang : store.acquire(...args)),
      renew: (...args) => (cut ? hang : refuse ? Promise.resolve(undefined) : store.renew(...args)),
      release: (...args) => (cut ? hang : store.release(...args)),
      current: (...args) => store.current(...args),
      close: () => store.close(),
    },
    cut: () => (cut = true),
    refuseRenewals: () => (refuse = true),
  };
}

/**
 * The keeper against a lease store adapter: each keeper has a connection of its own, as each
 * worker process has. Short leases (600 ms) keep the takeovers quick.
 */
export function describeLeaseKeeper(name: string, setup: () => Promise<LeaseStoreContractSubject>): void {
  describe(`LeaseKeeper on ${name}`, () => {
    const TTL = 600;
    let subject: LeaseStoreContractSubject;
    let prefix: string;
    const keepers: LeaseKeeper[] = [];
    const stores: LeaseStore[] = [];
    let runs: Run[];
    let changes: (LeaseChange & { keeper: string; at: number })[];

    beforeEach(async () => {
      subject = await setup();
      prefix = `t-${randomUUID().slice(0, 8)}`;
      runs = [];
      changes = [];
    });
    afterEach(async () => {
      for (const keeper of keepers.splice(0)) await keeper.stop();
      for (const store of stores.splice(0)) await store.close();
      await subject.dispose();
    });

    const work = (keeper: string, name: string, start?: () => Promise<void>): LeasedWork => ({
      name: `${prefix}/${name}`,
      async start() {
        await start?.();
        const overlapping = runs.find((run) => run.work === `${prefix}/${name}` && run.stoppedAt === undefined);
        if (overlapping) throw new Error(`${keeper} started ${name} while ${overlapping.keeper} runs it`);
        runs.push({ keeper, work: `${prefix}/${name}`, startedAt: performance.now() });
      },
      async stop() {
        const run = runs.find((r) => r.keeper === keeper && r.work === `${prefix}/${name}` && r.stoppedAt === undefined);
        if (run) run.stoppedAt = performance.now();
      },
    });

    async function keeper(id: string, names: string[], options: Partial<LeaseKeeperOptions> & { wrap?: (store: LeaseStore) => LeaseStore } = {}) {
      const connection = await subject.connect();
      stores.push(connection);
      const created = new LeaseKeeper(
        { leases: options.wrap ? options.wrap(connection) : connection, holder: id, ttlMs: TTL, onChange: (change) => changes.push({ ...change, keeper: id, at: performance.now() }), ...options },
        names.map((n) => work(id, n)),
      );
      keepers.push(created);
      return created;
    }

    /** A dead keeper's runs end when it dies: nothing of a killed process goes on. */
    function die(k: LeaseKeeper, id: string) {
      k.halt();
      const at = performance.now();
      for (const run of runs) if (run.keeper === id && run.stoppedAt === undefined) run.stoppedAt = at;
      return at;
    }

    it('runs each work on one keeper only, and another takes over within the lease time when the holder dies', async () => {
      const a = await keeper('a', ['x', 'y']);
      const b = await keeper('b', ['x', 'y']);
      await a.start();
      await b.start();
      expect(a.held().sort()).toEqual([`${prefix}/x`, `${prefix}/y`]);
      expect(b.held()).toEqual([]);
      await sleep(TTL * 1.5); // a keeps renewing: b gets nothing
      expect(b.held()).toEqual([]);

      const diedAt = die(a, 'a');
      await waitUntil(() => b.held().length === 2, 'the takeover');
      const takenAt = performance.now();
      // Within the lease time, plus one retry interval (ttl/5, ± 20 %) and scheduling slack.
      expect(takenAt - diedAt).toBeLessThan(TTL + TTL / 5 * 1.2 + 300);
      expect(runs.filter((r) => r.keeper === 'b').map((r) => r.work).sort()).toEqual([`${prefix}/x`, `${prefix}/y`]);
      expect(changes.filter((c) => c.keeper === 'b' && c.kind === 'acquired').every((c) => c.token === 2)).toBe(true);
    });

    it('stops its work before its lease lapses when the store stops answering, and the other starts it only after', async () => {
      let link!: ReturnType<typeof cuttable>;
      const a = await keeper('a', ['x'], { wrap: (store) => (link = cuttable(store)).store });
      const b = await keeper('b', ['x']);
      await a.start();
      await b.start();
      link.cut();
      await waitUntil(() => b.held().length === 1, 'the takeover');
      const [first, second] = runs;
      expect(first).toMatchObject({ keeper: 'a' });
      expect(second).toMatchObject({ keeper: 'b' });
      expect(first.stoppedAt).toBeLessThan(second.startedAt);
      expect(changes.find((c) => c.keeper === 'a' && c.kind === 'lost')).toMatchObject({ reason: 'no renewal got through before the deadline' });
    });

    it('stops the work at once when a renewal is refused', async () => {
      let link!: ReturnType<typeof cuttable>;
      const a = await keeper('a', ['x'], { ttlMs: 3_000, wrap: (store) => (link = cuttable(store)).store });
      await a.start();
      link.refuseRenewals();
      await waitUntil(() => runs[0]?.stoppedAt !== undefined, 'the stop', 2_500);
      expect(changes.find((c) => c.kind === 'lost')).toMatchObject({ reason: 'the store refused the renewal: the lease expired or was taken' });
    });

    it('hands its leases over at once on a graceful stop, long before they would lapse', async () => {
      const a = await keeper('a', ['x', 'y'], { ttlMs: 6_000 });
      const b = await keeper('b', ['x', 'y'], { ttlMs: 6_000 });
      await a.start();
      await b.start();
      const stoppedAt = performance.now();
      await a.stop();
      expect(a.held()).toEqual([]);
      expect(runs.filter((r) => r.keeper === 'a').every((r) => r.stoppedAt !== undefined)).toBe(true);
      expect(changes.filter((c) => c.keeper === 'a' && c.kind === 'released')).toHaveLength(2);
      await waitUntil(() => b.held().length === 2, 'the handover');
      expect(performance.now() - stoppedAt).toBeLessThan(3_000);
    });

    it('releases the lease of a work that failed to start, and starts it again later', async () => {
      let failures = 1;
      const connection = await subject.connect();
      stores.push(connection);
      const a = new LeaseKeeper({ leases: connection, holder: 'a', ttlMs: TTL, onChange: (change) => changes.push({ ...change, keeper: 'a', at: performance.now() }) }, [
        work('a', 'x', async () => {
          if (failures-- > 0) throw new Error('no database yet');
        }),
      ]);
      keepers.push(a);
      await a.start();
      await waitUntil(() => runs.length === 1, 'the second start');
      expect(changes.filter((c) => c.kind === 'acquired').map((c) => c.token)).toEqual([1, 2]);
    });

    it('refuses settings that leave no renewal before the deadline, and works named twice', async () => {
      const leases = subject.store;
      expect(() => new LeaseKeeper({ leases, holder: 'a', ttlMs: 1_000, renewEveryMs: 700 }, [])).toThrow(/leaves no renewal before the deadline/);
      expect(() => new LeaseKeeper({ leases, holder: 'a' }, [work('a', 'x'), work('a', 'x')])).toThrow(`lease ${prefix}/x is named twice`);
    });
  });
}
