import fc from 'fast-check';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { Scenario } from './support/scenario';
import { TestApi, startTestApi } from './support/test-app';

/**
 * Cross-aggregate invariants through the real command path (HTTP → pipeline → SQLite):
 * concurrency on one receivable, and the credit limit's reserved total against what the
 * receivables need, for random sequences of commands.
 */
describe('receivable invariants', () => {
  let api: TestApi;
  let s: Scenario;
  let policyId: string;
  let debtorId: string;

  beforeAll(async () => {
    api = await startTestApi({ CLOCK_START: '2026-01-01T08:00:00Z' });
    s = new Scenario(api);
    ({ policyId, debtorId } = await s.workedExampleSetUp());
    await s.on('2026-06-30');
  });
  afterAll(() => api.close());

  let invoices = 0;
  async function shippedReceivable(amount: number, debtor = debtorId): Promise<string> {
    const { id } = await s.ok(s.post('/v1/receivables', { policyId, debtorId: debtor, invoiceNumber: `INV-${++invoices}`, invoiceDate: '2026-02-01', dueDate: '2026-04-01', amount, currency: 'EUR' }), 201);
    await s.ok(s.post(`/v1/receivables/${id}/cover-decision`, { decision: 'GRANTED', decidedAt: '2026-02-02' }));
    await s.ok(s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-02-03' }));
    return id;
  }

  it('50 concurrent payments on one receivable: no lost update; each refused one gets the 422 of the state it lost to', async () => {
    const id = await shippedReceivable(3_000_000);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => s.post(`/v1/receivables/${id}/payments`, { amount: 100_000, receivedAt: '2026-03-01', reference: `p${i}` }, 'claims')),
    );
    const accepted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(accepted).toHaveLength(30);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(20).fill([422, expect.stringMatching(/^(OVERPAYMENT|INVALID_TRANSITION)$/)]));
    const events = await api.app.get<EventStore>(EVENT_STORE).readStream(`receivable-${id}`);
    const payments = events.filter((e) => e.type === 'PaymentRecorded');
    expect(payments).toHaveLength(30);
    expect(new Set(payments.map((e) => e.data.reference)).size).toBe(30);
    expect(events.map((e) => e.revision)).toEqual([...events.keys()]);
    expect(await api.app.get<EventStore>(EVENT_STORE).verify(`receivable-${id}`)).toMatchObject({ intact: true });
    expect(await s.ok(s.get(`/v1/receivables/${id}`))).toMatchObject({ status: 'SETTLED', outstanding: 0 });
  });

  it('competing shipments: exactly one is recorded, the others get INVALID_TRANSITION', async () => {
    const { id } = await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: `INV-${++invoices}`, invoiceDate: '2026-02-01', dueDate: '2026-04-01', amount: 1_000_000, currency: 'EUR' }), 201);
    const results = await Promise.all(Array.from({ length: 10 }, () => s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-02-03' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422).map((r) => r.body.code)).toEqual(Array(9).fill('INVALID_TRANSITION'));
  });

  it("for random command sequences, the credit limit's reserved total equals the receivables' open covered exposure", async () => {
    type Step = { kind: 'register'; amount: number } | { kind: 'decide'; pick: number; decision: 'GRANTED' | 'PARTIAL' | 'REFUSED'; share: number } | { kind: 'ship' | 'close'; pick: number } | { kind: 'pay'; pick: number; amount: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('register' as const), amount: fc.integer({ min: 100_000, max: 4_000_000 }) }),
      fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), decision: fc.constantFrom('GRANTED' as const, 'PARTIAL' as const, 'REFUSED' as const), share: fc.integer({ min: 1, max: 99 }) }),
      fc.record({ kind: fc.constantFrom('ship' as const, 'close' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(), amount: fc.integer({ min: 10_000, max: 2_000_000 }) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        const debtor = (await s.ok(s.post('/v1/debtors', { legalId: `PROP-${++run}-${Date.now()}`, country: 'DE', name: 'Random GmbH', sector: 'metals' }), 201)).id;
        await s.ok(api.http.put(`/v1/policies/${policyId}/credit-limits/${debtor}`).set(s.auth('underwriter')).send({ amount: 6_000_000, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: [] }));
        const ids: string[] = [];
        for (const st of steps) {
          if (st.kind === 'register') {
            const res = await s.post('/v1/receivables', { policyId, debtorId: debtor, invoiceNumber: `R${run}-${ids.length}`, invoiceDate: '2026-02-01', dueDate: '2026-04-01', amount: st.amount, currency: 'EUR' });
            if (res.status === 201) ids.push(res.body.id);
            continue;
          }
          if (ids.length === 0) continue;
          const id = ids[st.pick % ids.length];
          const res =
            st.kind === 'decide'
              ? await s.post(`/v1/receivables/${id}/cover-decision`, { decision: st.decision, amount: st.decision === 'PARTIAL' ? 1_000 * st.share : undefined, decidedAt: '2026-02-02' })
              : st.kind === 'ship'
                ? await s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-02-03' })
                : st.kind === 'pay'
                  ? await s.post(`/v1/receivables/${id}/payments`, { amount: st.amount, receivedAt: '2026-03-01', reference: 'x' }, 'claims')
                  : await s.post(`/v1/receivables/${id}/closure`, { closedAt: '2026-03-02', reason: 'x' }, 'claims');
          expect(res.status).toBeLessThan(500);
        }
        const views = await Promise.all(ids.map((id) => s.ok(s.get(`/v1/receivables/${id}`))));
        const needed = views.reduce((sum, v) => {
          const open = v.status !== 'SETTLED' && v.status !== 'CLOSED' && !v.coverVoided && v.coveredAmount;
          if (!open) return sum;
          return sum + (v.shippedAt === null ? v.coveredAmount : v.insured ? Math.min(v.coverInForce, v.outstanding) : 0);
        }, 0);
        const limit = await s.limit(policyId, debtor);
        expect(limit.reserved).toBe(needed);
        expect(limit.reserved).toBeLessThanOrEqual(limit.limitInForce);
      }),
      { numRuns: 15 },
    );
  });
});
