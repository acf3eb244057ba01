import { describeEventStoreContract } from '../testing/eventstore.contract';
import { EsdbEventStore } from './esdb-event-store';
import { EmulatedEsdbClient } from './testing/emulated-esdb-client';

/**
 * The contract suite over an in-memory stand-in for the client (see EmulatedEsdbClient for the
 * server semantics it copies). It checks the adapter's own logic — hash chain, expected
 * revisions, retries, client-side filtering, the subscription — on every run; the same suite
 * runs against a real server in esdb-event-store.int-spec.ts when EVENTSTORE_URL is set.
 */
describeEventStoreContract('EsdbEventStore over an emulated client', async ({ now, upcasters }) => {
  const store = EsdbEventStore.withConnection(new EmulatedEsdbClient().connection(), { now, upcasters, timeoutMs: 2_000 });
  return { store, dispose: () => store.close() };
});
