import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { NewEvent } from '../eventstore.port';
import { describeEventStoreContract } from '../testing/eventstore.contract';
import { clientConnectionString } from './esdb-client';
import { EsdbEventStore } from './esdb-event-store';

const url = process.env.EVENTSTORE_URL;

if (!url) {
  describe('EsdbEventStore: the event store contract', () => {
    it('needs a server', () => {
      console.log('skipped: EVENTSTORE_URL not set — the EventStoreDB contract suite runs against a server (see README "Production mode")');
    });
  });
} else {
  // The same suite as the SQLite adapter. No tamper hooks: tests cannot edit EventStoreDB's
  // chunk files, so the contract prints its own skip line for those cases.
  describeEventStoreContract('EsdbEventStore', async ({ now, upcasters }) => {
    const store = await EsdbEventStore.connect({ url, now, upcasters });
    return { store, dispose: () => store.close() };
  });

  /** What only a server shows: positions, system events at the head, and what EventStoreDB itself can do to a stream. */
  describe('EsdbEventStore on a server', () => {
    let store: EsdbEventStore;
    let admin: EventStoreDBClient;
    const stream = (name: string) => `esdb${randomUUID().slice(0, 8)}-${name}`;
    const events = (n: number): NewEvent[] =>
      Array.from({ length: n }, (_, i) => ({
        type: 'Counted',
        data: { i },
        metadata: { eventId: randomUUID(), actor: { sub: 'u', role: 'admin' }, correlationId: 'c', causationId: 'c', effectiveDate: '2026-03-01', schemaVersion: 1 },
      }));

    beforeAll(async () => {
      store = await EsdbEventStore.connect({ url });
      admin = EventStoreDBClient.connectionString(clientConnectionString(url));
    });
    afterAll(async () => {
      await store.close();
      await admin.dispose();
    });

    it('gives each event of one append the same position through readStream and readAll, in log order', async () => {
      const name = stream('multi');
      const result = await store.append(name, events(5), 'no_stream');
      const read = await store.readStream(name);
      const all = await store.readAll({ after: (await store.readStream(name, { toRevision: 0 }))[0].position, filter: { streamPrefixes: [name] } });
      expect(all.map((e) => e.position)).toEqual(read.slice(1).map((e) => e.position));
      expect(result.position).toBe(read[4].position);
      for (let i = 1; i < read.length; i++) expect(store.comparePositions(read[i - 1].position, read[i].position)).toBe(-1);
    });

    it('skips system events at the end of $all for the head position', async () => {
      const name = stream('head');
      const { position } = await store.append(name, events(1), 'no_stream');
      await admin.setStreamMetadata(name, { customMetadata: { note: 'a $metadata event now follows' } });
      expect(await store.headPosition()).toBe(position);
    });

    it('reports a stream truncated by EventStoreDB as missing its first revisions', async () => {
      const name = stream('truncated');
      await store.append(name, events(4), 'no_stream');
      await admin.setStreamMetadata(name, { truncateBefore: 2 });
      expect(await store.verify(name)).toMatchObject({ intact: false, brokenAtRevision: 0, reason: 'revision 0 is missing' });
    });

    it('reports a tombstoned stream as broken; a soft-deleted one reads as empty, which only the audit anchors can tell', async () => {
      const tombstoned = stream('tombstoned');
      await store.append(tombstoned, events(2), 'no_stream');
      await admin.tombstoneStream(tombstoned);
      expect(await store.verify(tombstoned)).toMatchObject({ intact: false, brokenAtRevision: 0 });

      const deleted = stream('deleted');
      await store.append(deleted, events(2), 'no_stream');
      await admin.deleteStream(deleted);
      expect(await store.readStream(deleted)).toEqual([]);
      expect(await store.verify(deleted)).toEqual({ stream: deleted, intact: true, events: 0 });
    });
  });
}
