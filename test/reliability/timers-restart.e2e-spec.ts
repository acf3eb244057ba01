import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { PROJECTOR, Projector } from '@tc/projector';
import { DunningScheduler } from '@tc/receivables';
import { FaultyEventStore } from '../support/faulty-event-store';
import { Scenario } from '../support/scenario';
import { startTestApi } from '../support/test-app';

/** Timers are derived from stored events: a crash between two of them, a restart or a rebuild of their view fires nothing twice. */
describe('durable timers', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'tc-timers-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const timerEvents = async (store: EventStore, id: string) =>
    (await store.readStream(`receivable-${id}`)).filter((e) => e.metadata.actor.sub === 'dunning-scheduler').map((e) => `${e.type}@${e.metadata.effectiveDate}`);

  it('a scheduler stopped between two timers and restarted fires each timer exactly once; a rebuild of the timers view re-fires nothing', async () => {
    const faults = new FaultyEventStore();
    const first = await startTestApi({ DATA_DIR: dataDir, CLOCK_START: '2026-01-01T08:00:00Z' }, { decorateEventStore: (store) => faults.wrap(store) });
    const s = new Scenario(first);
    const { policyId, debtorId } = await s.workedExampleSetUp();
    await s.on('2026-01-15');
    const { id } = await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'T-1', invoiceDate: '2026-01-15', dueDate: '2026-03-16', amount: 1_000_000, currency: 'EUR' }), 201);
    await s.ok(s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-01-15' }));

    // The first timer (OVERDUE, 03-17) is appended; the process dies before the second (reminder, 03-23).
    let appended = 0;
    faults.crashOnAppendTo((stream) => stream === `receivable-${id}` && ++appended > 1);
    expect((await s.post('/v1/admin/clock', { now: '2026-03-24T09:00:00Z' }, 'admin')).status).toBe(500);
    expect(await timerEvents(first.store, id)).toEqual(['MarkedOverdue@2026-03-17']);
    await first.close();

    const restarted = await startTestApi({ DATA_DIR: dataDir, CLOCK_START: '2026-03-24T09:00:00Z' });
    try {
      const r = new Scenario(restarted);
      const store = restarted.app.get<EventStore>(EVENT_STORE);
      await restarted.app.get(DunningScheduler).tick();
      await restarted.app.get(DunningScheduler).tick();
      expect(await timerEvents(store, id)).toEqual(['MarkedOverdue@2026-03-17', 'ReminderSent@2026-03-23']);

      const projector = restarted.app.get<Projector>(PROJECTOR);
      await projector.rebuild('receivable-timers');
      expect(await restarted.app.get(DunningScheduler).tick()).toMatchObject({ fired: 0 });
      await r.on('2026-04-07');
      expect(await timerEvents(store, id)).toEqual(['MarkedOverdue@2026-03-17', 'ReminderSent@2026-03-23', 'ReminderSent@2026-04-06']);
    } finally {
      await restarted.close();
    }
  });
});
