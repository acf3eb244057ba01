import { randomUUID } from 'node:crypto';
import { NewEvent } from '../eventstore.port';
import { EsdbEventStore } from './esdb-event-store';
import { EmulatedEsdbClient } from './testing/emulated-esdb-client';

/**
 * verify and verifyAll over an emulated client whose storage the test can edit (the contract
 * cannot tamper with a real server's chunk files). Every edit inside a stream breaks its chain
 * where the SQLite adapter's would; an event removed from the END of a stream does not, since
 * EventStoreDB has no head record to compare with: the audit anchors catch that case.
 */
const events = (n: number): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'Counted',
    data: { i, note: `event ${i}` },
    metadata: { eventId: randomUUID(), actor: { sub: 'u', role: 'admin' }, correlationId: 'c', causationId: 'c', effectiveDate: '2026-03-01', schemaVersion: 1 },
  }));

describe('EsdbEventStore verify and verifyAll (emulated storage)', () => {
  let emulated: EmulatedEsdbClient;
  let store: EsdbEventStore;
  beforeEach(async () => {
    emulated = new EmulatedEsdbClient();
    store = EsdbEventStore.withConnection(emulated.connection(), { timeoutMs: 2_000 });
    await store.append('policy-t', events(5), 'no_stream');
    await store.append('policy-other', events(2), 'no_stream');
  });
  afterEach(() => store.close());

  it('reports intact streams, counting their events', async () => {
    expect(await store.verify('policy-t')).toEqual({ stream: 'policy-t', intact: true, events: 5 });
    const reported: string[] = [];
    expect(await store.verifyAll((report) => reported.push(report.stream))).toEqual({ streams: 2, events: 7, broken: [] });
    expect(reported.sort()).toEqual(['policy-other', 'policy-t']);
  });

  it.each([
    ['one byte of a body', (e: EmulatedEsdbClient) => e.tamper.editByte('policy-t', 2, 'body'), 2, /hash does not match/],
    ['one byte of a stored hash', (e: EmulatedEsdbClient) => e.tamper.editByte('policy-t', 1, 'hash'), 1, /hash does not match/],
    ['a middle event deleted', (e: EmulatedEsdbClient) => e.tamper.deleteEvent('policy-t', 2), 2, /revision 2 is missing/],
    ['the first event deleted', (e: EmulatedEsdbClient) => e.tamper.deleteEvent('policy-t', 0), 0, /revision 0 is missing/],
  ])('names the stream and the first broken revision after %s', async (_, tamper, brokenAt, reason) => {
    tamper(emulated);
    const report = await store.verify('policy-t');
    expect(report).toMatchObject({ stream: 'policy-t', intact: false, brokenAtRevision: brokenAt, reason: expect.stringMatching(reason) });
    expect(await store.verify('policy-other')).toMatchObject({ intact: true, events: 2 });
    expect((await store.verifyAll()).broken).toEqual([report]);
  });

  it('cannot see the last event deleted: the chain before it still holds (the audit anchors record the head)', async () => {
    emulated.tamper.deleteEvent('policy-t', 4);
    expect(await store.verify('policy-t')).toEqual({ stream: 'policy-t', intact: true, events: 4 });
  });

  it('reports an event this store did not write (no hash) as a break', async () => {
    await emulated.appendToStream('policy-t', [{ id: randomUUID(), type: 'Foreign', data: { x: 1 }, metadata: { note: 'written by another tool' } }], { expectedRevision: 4n });
    expect(await store.verify('policy-t')).toMatchObject({ intact: false, brokenAtRevision: 5, reason: 'not an event of this store: its metadata has no hash' });
    await expect(store.readStream('policy-t')).rejects.toThrow(/policy-t@5 is not one this store wrote: its metadata has no hash/);
  });
});
