import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { canonicalJson } from '../canonical-json';
import { EventStore, NewEvent, StoredEvent, SubscribeOptions, Subscription, Upcaster, WrongExpectedRevisionError } from '../eventstore.port';
import { GENESIS_HASH, chainHash } from '../hash-chain';

/** What the contract asks of an adapter's setup: the clock and upcasters it must use. */
export interface ContractSetupOptions {
  readonly now: () => Date;
  readonly upcasters: readonly Upcaster[];
}

export interface ContractSubject {
  readonly store: EventStore;
  /** Direct edits of stored rows, for adapters whose storage the test can reach. */
  readonly tamper?: {
    /** Changes one byte of the stored body (default) or of the stored hash. */
    editByte(stream: string, revision: number, field?: 'body' | 'hash'): Promise<void>;
    deleteEvent(stream: string, revision: number): Promise<void>;
  };
  dispose(): Promise<void>;
}

const NOW = new Date('2026-03-02T09:30:00.000Z');

/** v1 `{amount}` → v2 `{amountMinor}` → v3 adds `currency`: two steps, applied in turn. */
const upcasters: Upcaster[] = [
  { type: 'ContractPriced', fromVersion: 1, upcast: ({ type, data }) => ({ type, data: { amountMinor: (data.amount as number) * 100 } }) },
  { type: 'ContractPriced', fromVersion: 2, upcast: ({ type, data }) => ({ type, data: { ...data, currency: 'EUR' } }) },
];

const event = (type: string, data: Record<string, unknown> = {}, schemaVersion = 1): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: randomUUID(),
    actor: { sub: 'user-7', role: 'underwriter' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    comment: 'contract',
    effectiveDate: '2026-03-01',
    schemaVersion,
  },
});
const events = (n: number, type = 'ContractHappened') => Array.from({ length: n }, (_, i) => event(type, { i }));
const ids = (stored: readonly { metadata: { eventId: string } }[]) => stored.map((e) => e.metadata.eventId);

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  for (const start = Date.now(); !condition(); await sleep(10)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

/**
 * The behaviour every EventStore adapter must show. Tests never assume an empty store: each
 * uses fresh stream names under its own prefix, so the suite also runs against a shared server.
 */
export function describeEventStoreContract(name: string, setup: (options: ContractSetupOptions) => Promise<ContractSubject>): void {
  describe(`${name}: the event store contract`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let prefix: string;
    const stream = (id: string) => `${prefix}${id}`;
    const subscriptions: Subscription[] = [];

    beforeEach(async () => {
      subject = await setup({ now: () => NOW, upcasters });
      store = subject.store;
      prefix = `contract${randomUUID().slice(0, 8)}-`;
    });
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await subject.dispose();
    });

    describe('append and read', () => {
      it('round-trips type, data and every metadata field, adding recordedAt and a chained hash', async () => {
        const appended = [event('ContractOpened', { amount: 1250, tags: ['a', 'b'], nested: { z: 1, a: null } }), event('ContractNoted', {})];
        const { comment: _, ...withoutComment } = appended[1].metadata;
        appended[1] = { ...appended[1], metadata: withoutComment };
        const result = await store.append(stream('x'), appended, 'no_stream');

        const read = await store.readStream(stream('x'));
        expect(read.map(({ stream, revision, type, data }) => ({ stream, revision, type, data }))).toEqual(
          appended.map(({ type, data }, revision) => ({ stream: stream('x'), revision, type, data })),
        );
        read.forEach((stored, i) => expect(stored.metadata).toEqual({ ...appended[i].metadata, recordedAt: NOW.toISOString(), hash: expect.stringMatching(/^[0-9a-f]{64}$/) }));
        expect(read[1].metadata).not.toHaveProperty('comment');
        expect(result).toEqual({ revision: 1, position: read[1].position });
        expect(store.comparePositions(read[0].position, read[1].position)).toBeLessThan(0);

        let previous = GENESIS_HASH;
        for (const { type, data, metadata } of read) {
          const { hash, ...rest } = metadata;
          expect(hash).toBe(chainHash(previous, canonicalJson({ type, data, metadata: rest })));
          previous = hash;
        }
        expect(await store.readAll({ after: read[0].position, limit: 1 })).toEqual([read[1]]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('reads a revision range, both ends inclusive', async () => {
        await store.append(stream('r'), events(6), 'no_stream');
        const revisions = async (fromRevision?: number, toRevision?: number) => (await store.readStream(stream('r'), { fromRevision, toRevision })).map((e) => e.revision);
        expect(await revisions(2, 4)).toEqual([2, 3, 4]);
        expect(await revisions(4)).toEqual([4, 5]);
        expect(await revisions(undefined, 1)).toEqual([0, 1]);
        expect(await revisions(9)).toEqual([]);
      });

      it('gives positions that strictly increase across streams, up to the head position', async () => {
        const positions: string[] = [];
        for (const id of ['a', 'b', 'a', 'c', 'b']) positions.push((await store.append(stream(id), [event('ContractHappened')], 'any')).position);
        for (let i = 1; i < positions.length; i++) expect(store.comparePositions(positions[i - 1], positions[i])).toBeLessThan(0);
        expect(store.comparePositions(positions[0], positions[0])).toBe(0);
        expect(store.comparePositions((await store.headPosition()) as string, positions[4])).toBeGreaterThanOrEqual(0);
      });
    });

    describe('expected revision', () => {
      it('appends when the last revision matches and refuses otherwise, saying what it found', async () => {
        await store.append(stream('e'), events(2), 'no_stream');
        expect((await store.append(stream('e'), events(1), 1)).revision).toBe(2);
        await expect(store.append(stream('e'), events(1), 1)).rejects.toEqual(new WrongExpectedRevisionError(stream('e'), 1, 2));
        await expect(store.append(stream('e'), events(1), 1)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.append(stream('none'), events(1), 0)).rejects.toMatchObject({ stream: stream('none'), expected: 0, actual: 'no_stream' });
        expect(await store.readStream(stream('e'))).toHaveLength(3);
      });

      it("refuses 'no_stream' on an existing stream", async () => {
        await store.append(stream('n'), events(1), 'no_stream');
        await expect(store.append(stream('n'), events(1), 'no_stream')).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', expected: 'no_stream', actual: 0 });
      });

      it("appends with 'any' whatever the stream holds", async () => {
        expect((await store.append(stream('y'), events(1), 'any')).revision).toBe(0);
        expect((await store.append(stream('y'), events(2), 'any')).revision).toBe(2);
      });

      it('lets exactly one of two racing appends on the same expected revision win', async () => {
        await store.append(stream('race'), events(1), 'no_stream');
        const [a, b] = [events(2), events(1)];
        const outcomes = await Promise.allSettled([store.append(stream('race'), a, 0), store.append(stream('race'), b, 0)]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const [lost] = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(lost.reason).toBeInstanceOf(WrongExpectedRevisionError);
        const winner = outcomes[0].status === 'fulfilled' ? a : b;
        expect(ids(await store.readStream(stream('race'), { fromRevision: 1 }))).toEqual(ids(winner));

        const created = await Promise.allSettled([store.append(stream('race2'), events(1), 'no_stream'), store.append(stream('race2'), events(1), 'no_stream')]);
        expect(created.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      });

      it('accepts an empty append, checking the revision and returning the current one', async () => {
        const last = await store.append(stream('empty'), events(2), 'no_stream');
        expect(await store.append(stream('empty'), [], 1)).toEqual(last);
        await expect(store.append(stream('empty'), [], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream('empty'))).toHaveLength(2);
      });
    });

    describe('idempotent retry', () => {
      it('returns the original result and appends nothing when the same events are appended again', async () => {
        const first = events(2);
        const second = events(2);
        const r1 = await store.append(stream('i'), first, 'no_stream');
        const r2 = await store.append(stream('i'), second, 1);
        expect(await store.append(stream('i'), first, 'no_stream')).toEqual(r1);
        expect(await store.append(stream('i'), second, 1)).toEqual(r2);
        expect(await store.append(stream('i'), second, 'any')).toEqual(r2);
        expect(ids(await store.readStream(stream('i')))).toEqual(ids([...first, ...second]));
      });

      it('still refuses a stale append whose events differ from those stored', async () => {
        await store.append(stream('j'), events(1), 'no_stream');
        await store.append(stream('j'), events(1), 0);
        await expect(store.append(stream('j'), events(1), 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });
    });

    describe('readAll', () => {
      it('pages through the log after a position, filtered by stream prefix and by type', async () => {
        const before = await store.append(stream('p1'), [event('ContractOpened')], 'no_stream');
        await store.append(stream('p2'), [event('ContractNoted'), event('ContractOpened')], 'no_stream');
        await store.append(stream('q1'), [event('ContractNoted')], 'no_stream');
        await store.append(stream('p1'), [event('ContractNoted'), event('ContractClosed')], 0);

        const pages: StoredEvent[][] = [];
        for (let after = before.position; ; ) {
          const page = await store.readAll({ after, limit: 2, filter: { streamPrefixes: [stream('p')] } });
          if (page.length === 0) break;
          pages.push(page);
          after = page[page.length - 1].position;
        }
        expect(pages.map((page) => page.map((e) => `${e.stream.slice(prefix.length)}@${e.revision}`))).toEqual([['p2@0', 'p2@1'], ['p1@1', 'p1@2']]);

        const types = await store.readAll({ after: before.position, filter: { types: ['ContractOpened', 'ContractClosed'], streamPrefixes: [prefix] } });
        expect(types.map((e) => e.type)).toEqual(['ContractOpened', 'ContractClosed']);
        const twoPrefixes = await store.readAll({ filter: { streamPrefixes: [stream('q'), stream('p2')], types: ['ContractNoted'] } });
        expect(twoPrefixes.map((e) => e.stream.slice(prefix.length))).toEqual(['p2', 'q1']);
        const unfiltered = await store.readAll({ after: before.position, limit: 6 });
        expect(unfiltered.map((e) => e.stream.slice(prefix.length))).toEqual(['p2', 'p2', 'q1', 'p1', 'p1']);
      });
    });

    describe('subscribe', () => {
      const start = (options: Omit<SubscribeOptions, 'handler'>, delivered: StoredEvent[], handler?: (e: StoredEvent) => Promise<void>) => {
        const subscription = store.subscribe({
          ...options,
          handler: async (e) => {
            delivered.push(e);
            await (handler ?? (() => sleep(0)))(e);
          },
        });
        subscriptions.push(subscription);
        return subscription;
      };

      it('delivers every event after the checkpoint exactly once, in order, across catch-up and live', async () => {
        const before = events(12);
        for (const e of before) await store.append(stream(`s${before.indexOf(e) % 3}`), [e], 'any');
        const checkpoint = (await store.readStream(stream('s1')))[0].position; // before[1]
        const delivered: StoredEvent[] = [];
        const subscription = start({ after: checkpoint, filter: { streamPrefixes: [prefix] } }, delivered);
        const duringCatchUp = events(6);
        for (const e of duringCatchUp) await store.append(stream('s9'), [e], 'any');
        await subscription.caughtUp;
        const live = events(6);
        for (const e of live) {
          await store.append(stream('s9'), [e], 'any');
          await sleep(3);
        }
        const expected = [...before.slice(2), ...duringCatchUp, ...live];
        await waitFor(() => delivered.length >= expected.length, 'live events');
        await sleep(300);
        expect(ids(delivered)).toEqual(ids(expected));
        expect(subscription.position).toBe(delivered[delivered.length - 1].position);
      });

      it('delivers only the events its filter selects', async () => {
        const delivered: StoredEvent[] = [];
        const subscription = start({ after: await store.headPosition(), filter: { streamPrefixes: [prefix], types: ['ContractClosed'] } }, delivered);
        await subscription.caughtUp;
        await store.append(stream('f'), [event('ContractOpened'), event('ContractClosed'), event('ContractNoted')], 'no_stream');
        await waitFor(() => delivered.length === 1, 'the filtered event');
        expect(delivered[0]).toMatchObject({ stream: stream('f'), revision: 1, type: 'ContractClosed' });
      });

      it('delivers nothing after stop(), which waits for the handler in flight', async () => {
        const delivered: StoredEvent[] = [];
        let finished = 0;
        const subscription = start({ after: await store.headPosition(), filter: { streamPrefixes: [prefix] } }, delivered, async () => {
          await sleep(100);
          finished++;
        });
        await store.append(stream('stop'), events(3), 'no_stream');
        await waitFor(() => delivered.length === 1, 'the first event');
        await subscription.stop();
        expect(finished).toBe(1);
        await store.append(stream('stop'), events(2), 2);
        await sleep(500);
        expect(delivered).toHaveLength(1);
      });

      it('stops and reports to onError when a handler throws', async () => {
        const delivered: string[] = [];
        const errors: unknown[] = [];
        const failure = new Error('handler failed');
        const subscription = store.subscribe({
          after: await store.headPosition(),
          filter: { streamPrefixes: [prefix] },
          handler: (e) => {
            if (e.revision === 1) throw failure;
            delivered.push(e.metadata.eventId);
          },
          onError: (error) => errors.push(error),
        });
        subscriptions.push(subscription);
        const appended = events(3);
        await store.append(stream('err'), appended, 'no_stream');
        await waitFor(() => errors.length > 0, 'onError');
        await sleep(300);
        expect(errors).toEqual([failure]);
        expect(delivered).toEqual([appended[0].metadata.eventId]);
      });
    });

    describe('upcasters', () => {
      it('bring old events to the current shape on every read, and never change what is stored', async () => {
        const old = event('ContractPriced', { amount: 5 }, 1);
        const current = event('ContractPriced', { amountMinor: 700, currency: 'CHF' }, 3);
        await store.append(stream('u'), [old, current], 'no_stream');

        const read = await store.readStream(stream('u'));
        expect(read.map((e) => [e.data, e.metadata.schemaVersion])).toEqual([
          [{ amountMinor: 500, currency: 'EUR' }, 3],
          [{ amountMinor: 700, currency: 'CHF' }, 3],
        ]);
        expect((await store.readAll({ filter: { streamPrefixes: [stream('u')] } }))[0].data).toEqual(read[0].data);

        // The stored hash still covers the v1 body, so the bytes on disk were not rewritten.
        const storedBody = canonicalJson({ type: old.type, data: old.data, metadata: { ...old.metadata, recordedAt: NOW.toISOString() } });
        expect(read[0].metadata.hash).toBe(chainHash(GENESIS_HASH, storedBody));
        expect(await store.verify(stream('u'))).toMatchObject({ intact: true, events: 2 });
      });
    });

    describe('verify', () => {
      it('reports an intact stream, and an unknown stream as intact and empty', async () => {
        await store.append(stream('v'), events(3), 'no_stream');
        await store.append(stream('v'), events(2), 2);
        expect(await store.verify(stream('v'))).toEqual({ stream: stream('v'), intact: true, events: 5 });
        expect(await store.verify(stream('nothing'))).toEqual({ stream: stream('nothing'), intact: true, events: 0 });
        const seen: string[] = [];
        const all = await store.verifyAll((report) => seen.push(report.stream));
        expect(seen).toContain(stream('v'));
        expect(all.broken.filter((report) => report.stream.startsWith(prefix))).toEqual([]);
      });

      const tampering: [string, (t: NonNullable<ContractSubject['tamper']>, s: string) => Promise<void>, number][] = [
        ['one byte of a body', (t, s) => t.editByte(s, 2, 'body'), 2],
        ['one byte of a stored hash', (t, s) => t.editByte(s, 1, 'hash'), 1],
        ['a middle event deleted', (t, s) => t.deleteEvent(s, 2), 2],
        ['the last event deleted', (t, s) => t.deleteEvent(s, 4), 4],
        ['the first event deleted', (t, s) => t.deleteEvent(s, 0), 0],
      ];
      it('can tamper with stored events, or says why not', () => {
        if (!subject.tamper) console.log(`skipped: ${name} has no tamper hooks (tests cannot edit its storage), so the tamper cases below check nothing`);
      });

      it.each(tampering)('names the stream and the first broken revision after %s', async (_, tamper, brokenAt) => {
        if (!subject.tamper) return;
        await store.append(stream('t'), events(5), 'no_stream');
        await store.append(stream('other'), events(2), 'no_stream');
        await tamper(subject.tamper, stream('t'));

        expect(await store.verify(stream('t'))).toMatchObject({ stream: stream('t'), intact: false, brokenAtRevision: brokenAt, reason: expect.any(String) });
        expect(await store.verify(stream('other'))).toMatchObject({ intact: true, events: 2 });
        const { broken } = await store.verifyAll();
        expect(broken.filter((report) => report.stream.startsWith(prefix))).toEqual([await store.verify(stream('t'))]);
      });
    });
  });
}
