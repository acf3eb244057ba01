import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, NewEvent, SqliteEventStore, SubscribeOptions } from '@tc/eventstore';
import { AnchorKeeper } from './anchor-keeper';
import { AnchorSigner, HeadDigest } from './anchor-signer';
import { AnchorStore } from './anchor-store.port';
import { SqliteAnchorStore } from './sqlite-anchor-store';

const signer = new AnchorSigner('keeper-secret-keeper-secret-keeper-01');
const now = () => new Date('2026-05-01T12:00:00Z');

const event = (n: number): NewEvent => ({
  type: 'Happened',
  data: { n },
  metadata: { eventId: randomUUID(), actor: { sub: 'ann', role: 'claims' }, correlationId: 'c', causationId: 'c', effectiveDate: '2026-05-01', schemaVersion: 1 },
});

describe('AnchorKeeper (embedded stores)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let anchors: SqliteAnchorStore;
  const keepers: AnchorKeeper[] = [];
  const keeper = (options: { anchors?: AnchorStore; events?: EventStore; sealEveryMs?: number; onError?: (e: unknown) => void } = {}) => {
    const k = new AnchorKeeper({ events: options.events ?? events, anchors: options.anchors ?? anchors, signer, now, ...options });
    keepers.push(k);
    return k;
  };
  const append = async (stream: string, count: number) => {
    const [last] = (await events.readStream(stream)).slice(-1);
    return events.append(stream, Array.from({ length: count }, (_, i) => event(i)), last ? last.revision : 'no_stream');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tc-anchors-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    anchors = new SqliteAnchorStore({ file: join(dir, 'anchors.sqlite') });
  });
  afterEach(async () => {
    await Promise.all(keepers.splice(0).map((k) => k.stop()));
    await Promise.all([events.close(), anchors.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("anchors each stream's head (revision, hash, position) with a MAC, and moves the checkpoint with them", async () => {
    await append('debtor-a', 3);
    const k = keeper();
    await k.start();
    await append('debtor-b', 2);
    const { position } = await append('debtor-a', 1);
    await k.catchUp();
    const [head] = (await events.readStream('debtor-a')).slice(-1);
    const anchor = await anchors.get('debtor-a');
    expect(anchor).toMatchObject({ stream: 'debtor-a', revision: 3, hash: head.metadata.hash, position: head.position });
    expect(signer.verifyAnchor(anchor!)).toBe(true);
    expect(await anchors.get('debtor-b')).toMatchObject({ revision: 1 });
    expect(await anchors.checkpoint()).toBe(position);
    expect(await anchors.totals()).toEqual({ streams: 2, events: 6 });
  });

  it('starts again from its durable checkpoint, not from the start of the log', async () => {
    await append('debtor-a', 2);
    const first = keeper();
    await first.start();
    await first.catchUp();
    await first.stop();
    const checkpoint = await anchors.checkpoint();
    await append('debtor-a', 2);

    const afters: (string | undefined)[] = [];
    const spied = new Proxy(events, {
      get: (target, property, receiver) =>
        property === 'subscribe'
          ? (options: SubscribeOptions) => {
              afters.push(options.after);
              return target.subscribe(options);
            }
          : Reflect.get(target, property, receiver),
    });
    const second = keeper({ events: spied });
    await second.start();
    await second.catchUp();
    expect(afters).toEqual([checkpoint]);
    expect(await anchors.get('debtor-a')).toMatchObject({ revision: 3 });
  });

  it('seals every head under a signed digest, only when the log moved, and on stop', async () => {
    await append('debtor-b', 2);
    await append('debtor-a', 1);
    const k = keeper();
    await k.start();
    await k.catchUp();
    const seal = await k.seal();
    const digest = new HeadDigest();
    for (const anchor of await anchors.page('', 10)) digest.add(anchor.stream, anchor.revision, anchor.hash);
    expect(seal).toEqual({ ...(await anchors.latestSeal()), streams: 2, events: 3, digest: digest.digest(), sealedAt: '2026-05-01T12:00:00.000Z' });
    expect(signer.verifySeal(seal!)).toBe(true);
    expect(await k.seal()).toBeUndefined();

    await append('debtor-a', 1);
    await k.catchUp();
    await k.stop();
    expect(await anchors.latestSeal()).toMatchObject({ events: 4, position: await anchors.checkpoint() });
  });

  it('seals periodically while events arrive', async () => {
    const k = keeper({ sealEveryMs: 20 });
    await k.start();
    await append('debtor-a', 1);
    for (let i = 0; i < 100 && !(await anchors.latestSeal()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await anchors.latestSeal()).toMatchObject({ streams: 1, events: 1 });
  });

  it('keeps the heads of a batch the anchors store refused, for the next batch', async () => {
    let failures = 1;
    const flaky = new Proxy(anchors, {
      get: (target, property, receiver) =>
        property === 'record' && failures-- > 0 ? () => Promise.reject(new Error('disk full')) : Reflect.get(target, property, receiver),
    });
    const errors: unknown[] = [];
    const k = keeper({ anchors: flaky, onError: (e) => errors.push(e) });
    await k.start();
    await append('debtor-a', 2);
    // The refused batch fails in the background flush or in this one, whichever runs first.
    const thrown = await k.catchUp().then(() => 0, () => 1);
    await append('debtor-b', 1);
    await k.catchUp();
    expect(errors.length + thrown).toBe(1);
    expect(await anchors.get('debtor-a')).toMatchObject({ revision: 1 });
    expect(await anchors.get('debtor-b')).toMatchObject({ revision: 0 });
  });

  it('anchors a large log in batches, one row per stream', async () => {
    for (let s = 0; s < 30; s++) await events.append(`debtor-${s}`, Array.from({ length: 100 }, (_, i) => event(i)), 'no_stream');
    const k = keeper();
    await k.start();
    await k.catchUp();
    expect(await anchors.totals()).toEqual({ streams: 30, events: 3_000 });
    expect(await anchors.checkpoint()).toBe(await events.headPosition());
  });
});

describe('SqliteAnchorStore', () => {
  let dir: string;
  let store: SqliteAnchorStore;
  const anchor = (stream: string, revision: number) => {
    const unsigned = { stream, revision, hash: String(revision).repeat(64).slice(0, 64), position: String(100 + revision) };
    return { ...unsigned, mac: signer.anchorMac(unsigned) };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tc-anchor-store-'));
    store = new SqliteAnchorStore({ file: join(dir, 'anchors.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never lowers an anchor (a replay from an older checkpoint must not undo a later one)', async () => {
    await store.record([anchor('debtor-a', 5)], '105');
    await store.record([anchor('debtor-a', 3), anchor('debtor-b', 0)], '106');
    expect(await store.get('debtor-a')).toEqual(anchor('debtor-a', 5));
    expect(await store.checkpoint()).toBe('106');
  });

  it('pages in stream order and totals the events', async () => {
    await store.record(['c', 'a', 'b', 'd'].map((s, i) => anchor(`debtor-${s}`, i)), '1');
    expect((await store.page('', 2)).map((a) => a.stream)).toEqual(['debtor-a', 'debtor-b']);
    expect((await store.page('debtor-b', 5)).map((a) => a.stream)).toEqual(['debtor-c', 'debtor-d']);
    expect(await store.totals()).toEqual({ streams: 4, events: 10 });
  });

  it('opened read-only, it refuses writes and a missing file', async () => {
    await store.record([anchor('debtor-a', 1)], '1');
    const reader = new SqliteAnchorStore({ file: join(dir, 'anchors.sqlite'), readonly: true });
    try {
      expect(await reader.get('debtor-a')).toEqual(anchor('debtor-a', 1));
      // Matched on its code: the native error's class comes from another realm than jest's.
      await expect(reader.record([anchor('debtor-a', 2)], '2')).rejects.toMatchObject({ code: 'SQLITE_READONLY' });
    } finally {
      await reader.close();
    }
    expect(() => new SqliteAnchorStore({ file: join(dir, 'missing.sqlite'), readonly: true })).toThrow();
  });
});
