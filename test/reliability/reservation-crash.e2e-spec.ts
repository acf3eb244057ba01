import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { ExposureReconciler, RECONCILER_CHECKPOINT } from '@tc/receivables';
import { READ_STORE, ReadStore } from '@tc/readstore';
import { FaultyEventStore } from '../support/faulty-event-store';
import { Scenario } from '../support/scenario';
import { startTestApi } from '../support/test-app';

/**
 * DESIGN.md "Cover reservation across two aggregates": exposure is reserved on the credit
 * limit, then the decision is appended to the receivable. A crash between the two must not
 * leave a permanent orphan reservation: after a restart, the release process frees it.
 */
describe('a crash between the reservation and the cover decision', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'tc-crash-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('leaves no reservation once the release process has run after the restart', async () => {
    const faults = new FaultyEventStore();
    const first = await startTestApi({ DATA_DIR: dataDir, CLOCK_START: '2026-01-01T08:00:00Z' }, { decorateEventStore: (store) => faults.wrap(store) });
    const s = new Scenario(first);
    const { policyId, debtorId } = await s.workedExampleSetUp();
    await s.on('2026-01-15');
    const { id } = await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'INV-CRASH', invoiceDate: '2026-01-15', dueDate: '2026-03-16', amount: 6_000_000, currency: 'EUR' }), 201);
    await s.on('2026-01-16');

    faults.crashOnAppendTo((stream) => stream.startsWith('receivable-'));
    const crashed = await s.post(`/v1/receivables/${id}/cover-decision`, { decision: 'PARTIAL', amount: 5_000_000, decidedAt: '2026-01-16' });
    expect(crashed.status).toBe(500);
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 5_000_000 }); // the orphan
    expect(await s.ok(s.get(`/v1/receivables/${id}`))).toMatchObject({ status: 'COVER_REQUESTED' }); // no decision without its reservation
    // The release process looks before the crash is an hour old: the orphan is still within its grace period, and its
    // checkpoint stays before it, so that the next start looks at it again.
    expect(await first.app.get(ExposureReconciler).runOnce({ graceMs: 3_600_000 })).toMatchObject({ checked: 0 });
    await first.close();

    const restarted = await startTestApi({ DATA_DIR: dataDir, CLOCK_START: '2026-01-16T10:00:00Z' });
    try {
      const r = new Scenario(restarted);
      expect(await r.limit(policyId, debtorId)).toMatchObject({ reserved: 5_000_000 });
      const report = await restarted.app.get(ExposureReconciler).runOnce({ graceMs: 0 });
      expect(report).toMatchObject({ reservationsLowered: 1 });
      expect(await r.limit(policyId, debtorId)).toMatchObject({ reserved: 0, available: 8_000_000 });

      // The underwriter decides again: reserved once, decided once.
      await r.ok(r.post(`/v1/receivables/${id}/cover-decision`, { decision: 'PARTIAL', amount: 5_000_000, decidedAt: '2026-01-16' }));
      expect(await r.limit(policyId, debtorId)).toMatchObject({ reserved: 5_000_000 });
      expect(await restarted.app.get(ExposureReconciler).runOnce({ graceMs: 0 })).toMatchObject({ reservationsLowered: 0 });
      expect(await r.limit(policyId, debtorId)).toMatchObject({ reserved: 5_000_000 });
      // Everything was checked: the next start resumes after the last reservation, it does not read the history again.
      const reservations = await restarted.app.get<EventStore>(EVENT_STORE).readAll({ filter: { types: ['ExposureReserved'] } });
      expect(reservations.length).toBeGreaterThan(1);
      expect(await restarted.app.get<ReadStore>(READ_STORE).checkpoint(RECONCILER_CHECKPOINT)).toMatchObject({ position: reservations[reservations.length - 1].position });
    } finally {
      await restarted.close();
    }
  });
});
