import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Lease, LeaseStore } from '../lease.port';

export interface LeaseStoreContractSubject {
  readonly store: LeaseStore;
  /** Another connection to the same leases, as a second process would have: races go through both. */
  connect(): Promise<LeaseStore>;
  dispose(): Promise<void>;
}

const LONG = 60_000;

/**
 * The behaviour every LeaseStore adapter must show. Each test uses lease names of its own,
 * so the suite also runs against a shared server. Expiry is real time (a server's clock cannot
 * be faked), so the short leases here are a few hundred milliseconds.
 */
export function describeLeaseStoreContract(name: string, setup: () => Promise<LeaseStoreContractSubject>): void {
  describe(`${name}: the lease store contract`, () => {
    let subject: LeaseStoreContractSubject;
    let store: LeaseStore;
    let lease: string;
    const others: LeaseStore[] = [];

    beforeEach(async () => {
      subject = await setup();
      store = subject.store;
      lease = `lease-${randomUUID()}`;
    });
    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await subject.dispose();
    });

    const connect = async () => {
      const other = await subject.connect();
      others.push(other);
      return other;
    };

    it('grants a free lease to its first taker, with the first token and an expiry ttl ahead', async () => {
      const granted = await store.acquire(lease, 'a', LONG);
      expect(granted).toMatchObject({ name: lease, holder: 'a', token: 1 });
      // The store's clock decides; a server may run a little apart from this machine.
      const ahead = (granted as Lease).expiresAt.getTime() - Date.now();
      expect(ahead).toBeGreaterThan(LONG - 5_000);
      expect(ahead).toBeLessThanOrEqual(LONG + 5_000);
      expect(await store.current(lease)).toEqual(granted);
    });

    it('refuses a live lease to another holder, and lets its holder take it again as a renewal of the same tenure', async () => {
      const first = await store.acquire(lease, 'a', LONG);
      expect(await store.acquire(lease, 'b', LONG)).toBeUndefined();
      expect(await (await connect()).acquire(lease, 'b', LONG)).toBeUndefined();
      const again = await store.acquire(lease, 'a', LONG);
      expect(again).toMatchObject({ holder: 'a', token: first?.token });
      expect((again as Lease).expiresAt.getTime()).toBeGreaterThanOrEqual((first as Lease).expiresAt.getTime());
      expect((await store.current(lease))?.holder).toBe('a');
    });

    it('renews only for its holder, and only while the lease is live', async () => {
      const first = (await store.acquire(lease, 'a', 2_000)) as Lease;
      await sleep(20);
      const renewed = await store.renew(lease, 'a', LONG);
      expect(renewed).toMatchObject({ holder: 'a', token: first.token });
      expect((renewed as Lease).expiresAt.getTime()).toBeGreaterThan(first.expiresAt.getTime());
      expect(await store.renew(lease, 'b', LONG)).toBeUndefined();
      expect(await store.renew(`lease-${randomUUID()}`, 'a', LONG)).toBeUndefined();
      expect((await store.current(lease))?.holder).toBe('a');
    });

    it('frees a released lease at once for another holder, whose tenure has a greater token; a stranger cannot release it', async () => {
      const first = (await store.acquire(lease, 'a', LONG)) as Lease;
      expect(await store.release(lease, 'b')).toBe(false);
      expect((await store.current(lease))?.holder).toBe('a');
      expect(await store.release(lease, 'a')).toBe(true);
      expect(await store.current(lease)).toBeUndefined();
      expect(await store.release(lease, 'a')).toBe(false);
      const second = await store.acquire(lease, 'b', LONG);
      expect(second).toMatchObject({ holder: 'b', token: first.token + 1 });
      // The first holder coming back starts a tenure of its own, after b gave it up.
      await store.release(lease, 'b');
      expect(await store.acquire(lease, 'a', LONG)).toMatchObject({ holder: 'a', token: first.token + 2 });
    });

    it('takes a lease from a holder that stopped renewing once its ttl has passed; the old holder can then neither renew nor release it', async () => {
      const first = (await store.acquire(lease, 'a', 300)) as Lease;
      expect(await store.acquire(lease, 'b', LONG)).toBeUndefined();
      await sleep(450);
      expect(await store.current(lease)).toBeUndefined();
      const taken = await (await connect()).acquire(lease, 'b', LONG);
      expect(taken).toMatchObject({ holder: 'b', token: first.token + 1 });
      expect(await store.renew(lease, 'a', LONG)).toBeUndefined();
      expect(await store.release(lease, 'a')).toBe(false);
      expect((await store.current(lease))?.holder).toBe('b');
    });

    it('does not renew an expired lease, even one nobody took: its holder must acquire it again, as a new tenure', async () => {
      const first = (await store.acquire(lease, 'a', 200)) as Lease;
      await sleep(350);
      expect(await store.renew(lease, 'a', LONG)).toBeUndefined();
      expect(await store.acquire(lease, 'a', LONG)).toMatchObject({ holder: 'a', token: first.token + 1 });
    });

    it('keeps leases of different names apart', async () => {
      const other = `lease-${randomUUID()}`;
      expect(await store.acquire(lease, 'a', LONG)).toMatchObject({ holder: 'a', token: 1 });
      expect(await store.acquire(other, 'b', LONG)).toMatchObject({ holder: 'b', token: 1 });
      expect(await store.release(lease, 'a')).toBe(true);
      expect((await store.current(other))?.holder).toBe('b');
    });

    it('never lets two holders hold one name: racing acquires through two connections give one winner per round, tokens growing', async () => {
      const second = await connect();
      const holders = Array.from({ length: 6 }, (_, i) => ({ id: `h${i}`, store: i % 2 === 0 ? store : second }));
      let lastToken = 0;
      for (let round = 0; round < 15; round++) {
        const results = await Promise.all(holders.map((h) => h.store.acquire(lease, h.id, LONG)));
        const winners = results.filter((r): r is Lease => r !== undefined);
        expect(winners).toHaveLength(1);
        expect(winners[0].token).toBeGreaterThan(lastToken);
        lastToken = winners[0].token;
        expect((await second.current(lease))?.holder).toBe(winners[0].holder);
        const owner = holders.find((h) => h.id === winners[0].holder)!;
        expect(await owner.store.release(lease, owner.id)).toBe(true);
      }
    });

    it('never lets a late renewal and a takeover both succeed around the expiry', async () => {
      const second = await connect();
      for (let round = 0; round < 8; round++) {
        const name = `${lease}-${round}`;
        await store.acquire(name, 'a', 60);
        await sleep(40 + (round % 4) * 10);
        const [renewed, taken] = await Promise.all([store.renew(name, 'a', LONG), second.acquire(name, 'b', LONG)]);
        expect(renewed !== undefined && taken !== undefined).toBe(false);
        const holder = (await store.current(name))?.holder;
        expect(holder).toBe(renewed ? 'a' : taken ? 'b' : undefined);
      }
    });

    it('refuses malformed arguments', async () => {
      await expect(store.acquire('', 'a', LONG)).rejects.toThrow('a lease needs a name');
      await expect(store.acquire(lease, '', LONG)).rejects.toThrow('a holder is required');
      await expect(store.acquire(lease, 'a', 0)).rejects.toThrow('ttlMs must be a positive integer');
      await expect(store.renew(lease, 'a', 1.5)).rejects.toThrow('ttlMs must be a positive integer');
    });
  });
}
