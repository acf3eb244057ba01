import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultyEventStore } from './support/faulty-event-store';
import { ROLES, ReceivableScenario, fieldsOf } from './support/receivables';
import { Scenario } from './support/scenario';
import { allEvents, startTestApi } from './support/test-app';

/**
 * DOMAIN.md "Debtor-level payments" through POST /v1/debtors/:id/payments: a payment goes to
 * the debtor's open receivables under the policy in its currency, oldest due date first (then
 * invoice number); a surplus is refused and nothing is written; the plan is recorded first, so
 * a retry (same Idempotency-Key) completes it and records nothing twice.
 */
describe('POST /v1/debtors/:id/payments', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let otherPolicyId: string;
  let debtorId: string;
  let r: { oldest: string; second: string; newest: string; dollars: string; otherPolicy: string };

  const pay = (body: Record<string, unknown>, headers: Record<string, string> = {}, role: 'underwriter' | 'claims' | 'integration' = 'claims', policy?: string) =>
    s.post(`/v1/debtors/${debtorId}/payments`, { policyId, currency: 'EUR', receivedAt: s.today, reference: 'transfer 42', ...body }, role, policy).set(headers);
  const outstanding = async (id: string) => (await s.view(id)).outstanding;

  beforeAll(async () => {
    s = await ReceivableScenario.start('2026-01-05');
    policyId = await s.policy();
    otherPolicyId = await s.policy();
    debtorId = await s.debtor();
    await s.namedLimit(policyId, debtorId, 10_000_000);
    await s.namedLimit(otherPolicyId, debtorId, 10_000_000);
    r = {
      // Registered newest-first, so that the order comes from the due dates and invoice numbers, not from registration.
      newest: await s.shipped(policyId, debtorId, { invoiceNumber: 'C-001', dueDate: '2026-03-01', amount: 1_000_000 }),
      second: await s.shipped(policyId, debtorId, { invoiceNumber: 'B-002', dueDate: '2026-02-15', amount: 500_000 }),
      oldest: await s.shipped(policyId, debtorId, { invoiceNumber: 'B-001', dueDate: '2026-02-15', amount: 300_000 }),
      dollars: await s.shipped(policyId, debtorId, { invoiceNumber: 'USD-1', dueDate: '2026-01-31', amount: 700_000, currency: 'USD', fxRate: 0.9 }),
      otherPolicy: await s.shipped(otherPolicyId, debtorId, { invoiceNumber: 'A-001', dueDate: '2026-01-20', amount: 400_000 }),
    };
  });
  afterAll(() => s.close());

  it('refuses a surplus with 422 OVERPAYMENT and writes nothing (the debtor owes 1,800,000 in EUR under this policy)', async () => {
    const problem = await s.refused(() => pay({ amount: 1_800_001 }), 422, 'OVERPAYMENT');
    expect(problem).toMatchObject({ surplus: 1, outstanding: 1_800_000 });
    await s.refused(() => pay({ amount: 100, currency: 'GBP' }), 422, 'OVERPAYMENT'); // nothing open in GBP
  });

  it('allocates oldest due date first, then by invoice number, across three receivables', async () => {
    const res = await s.ok(pay({ amount: 1_200_000 }, { 'Idempotency-Key': 'pay-1' }), 201);
    expect(res).toMatchObject({ id: expect.any(String), status: 'ALLOCATED', revision: 0, position: expect.any(String), policyId, debtorId, amount: 1_200_000, currency: 'EUR' });
    expect(res.allocations.map((a: any) => [a.receivableId, a.amount, a.as, a.status, a.outstanding])).toEqual([
      [r.oldest, 300_000, 'PAYMENT', 'SETTLED', 0],
      [r.second, 500_000, 'PAYMENT', 'SETTLED', 0],
      [r.newest, 400_000, 'PAYMENT', 'SHIPPED', 600_000],
    ]);
    expect([await outstanding(r.oldest), await outstanding(r.second), await outstanding(r.newest)]).toEqual([0, 0, 600_000]);
    expect([await outstanding(r.dollars), await outstanding(r.otherPolicy)]).toEqual([700_000, 400_000]); // another currency, another policy
    const plan = await s.api.store.readStream(`debtorpayment-${res.id}`);
    expect(plan.map((e) => e.type)).toEqual(['DebtorPaymentAllocated']);
  });

  it('a retry with the same Idempotency-Key returns the first answer and appends nothing', async () => {
    const before = await allEvents(s.api.store);
    const first = (await s.api.store.readAll({ limit: 100_000 })).filter((e) => e.stream.startsWith('debtorpayment-'));
    const again = await pay({ amount: 1_200_000 }, { 'Idempotency-Key': 'pay-1' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first[0].stream.slice('debtorpayment-'.length));
    expect(await allEvents(s.api.store)).toEqual(before);
  });

  it('goes to the remaining receivable, in the other currency only to the USD one', async () => {
    const dollars = await s.ok(pay({ amount: 700_000, currency: 'USD' }), 201);
    expect(dollars.allocations.map((a: any) => [a.receivableId, a.amount, a.status])).toEqual([[r.dollars, 700_000, 'SETTLED']]);
    const rest = await s.ok(pay({ amount: 600_000 }), 201);
    expect(rest.allocations.map((a: any) => [a.receivableId, a.amount, a.status])).toEqual([[r.newest, 600_000, 'SETTLED']]);
    await s.refused(() => pay({ amount: 1 }), 422, 'OVERPAYMENT'); // nothing left under this policy
  });

  it('refuses a payment dated after today (422 FUTURE_DATE), writing nothing', async () => {
    await s.refused(() => pay({ amount: 100_000, policyId: otherPolicyId, receivedAt: s.tomorrow() }), 422, 'FUTURE_DATE');
  });

  it('lets an integration feed pay on its own policy only; other roles are refused (403)', async () => {
    await s.refused(() => pay({ amount: 100_000, policyId: otherPolicyId }, {}, 'integration', policyId), 403, 'FORBIDDEN');
    const own = await s.ok(pay({ amount: 100_000, policyId: otherPolicyId }, {}, 'integration', otherPolicyId), 201);
    expect(own.allocations).toMatchObject([{ receivableId: r.otherPolicy, amount: 100_000 }]);
    for (const role of ROLES.filter((x) => !['underwriter', 'claims', 'integration'].includes(x))) {
      await s.refused(() => s.post(`/v1/debtors/${debtorId}/payments`, { policyId, amount: 1, currency: 'EUR', receivedAt: s.today, reference: 'x' }, role), 403, 'FORBIDDEN');
    }
    await s.refused(() => s.api.http.post(`/v1/debtors/${debtorId}/payments`).send({}), 401, 'UNAUTHENTICATED');
  });

  it('refuses malformed bodies with 400 naming the fields, an unknown debtor or policy with 404', async () => {
    const bad = async (body: object) => fieldsOf(await s.refused(() => s.post(`/v1/debtors/${debtorId}/payments`, body, 'claims'), 400, 'VALIDATION_FAILED'));
    expect(await bad({})).toEqual(['amount', 'currency', 'policyId', 'receivedAt', 'reference']);
    expect(await bad({ policyId, amount: 1.5, currency: 'euro', receivedAt: 'today', reference: '' })).toEqual(['amount', 'currency', 'receivedAt', 'reference']);
    expect(await bad({ policyId, amount: 100, currency: 'EUR', receivedAt: s.today, reference: 'x', receivableId: r.newest })).toEqual(['receivableId']);
    await s.refused(() => s.post('/v1/debtors/3f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e99/payments', { policyId, amount: 1, currency: 'EUR', receivedAt: s.today, reference: 'x' }, 'claims'), 404, 'NOT_FOUND');
    await s.refused(() => pay({ amount: 1, policyId: '3f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e99' }), 404, 'NOT_FOUND');
  });
});

describe('a debtor payment after the indemnity', () => {
  it('reaches an indemnified receivable as a recovery shared with the insurer', async () => {
    const s = await ReceivableScenario.start('2026-01-05');
    try {
      const policyId = await s.policy();
      const debtorId = await s.debtor();
      await s.namedLimit(policyId, debtorId, 10_000_000);
      const id = await s.shipped(policyId, debtorId, { dueDate: '2026-02-01', amount: 1_000_000 });
      await s.on('2026-02-10');
      await s.insolvent(debtorId);
      await s.ok(s.act(id, 'claims', { reason: 'INSOLVENCY', filedAt: s.today }), 201);
      await s.ok(s.act(id, 'claim-decision', { decision: 'APPROVED', decidedAt: s.today }));
      await s.ok(s.act(id, 'indemnity-payment', { paidAt: s.today }));
      const res = await s.ok(s.post(`/v1/debtors/${debtorId}/payments`, { policyId, amount: 100_000, currency: 'EUR', receivedAt: s.today, reference: 'dividend' }, 'claims'), 201);
      expect(res.allocations).toMatchObject([{ receivableId: id, amount: 100_000, as: 'RECOVERY', status: 'INDEMNIFIED', outstanding: 900_000 }]);
      expect(await s.view(id)).toMatchObject({ recoveredToInsurer: 90_000, recoveredToInsured: 10_000 });
    } finally {
      await s.close();
    }
  });
});

describe('a crash between the allocation plan and its payments', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'tc-debtor-payment-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is completed by a retry with the same Idempotency-Key after the restart, each allocation recorded once', async () => {
    const faults = new FaultyEventStore();
    const first = await startTestApi({ DATA_DIR: dataDir, CLOCK_START: '2026-01-05T08:00:00Z' }, { decorateEventStore: (store) => faults.wrap(store) });
    const s = new Scenario(first);
    const policy = await s.ok(s.post('/v1/policies', { policyholder: { name: 'Crash GmbH', legalId: 'DE-CRASH', country: 'DE' }, product: 'SME_MODULAR', currency: 'EUR', effectiveFrom: '2026-01-01', annualPremium: 1_200_000, estimatedTurnover: 400_000_000 }), 201);
    const debtor = await s.ok(s.post('/v1/debtors', { legalId: 'FR-CRASH', country: 'FR', name: 'Crash SA', sector: 'retail' }), 201);
    const ids: string[] = [];
    for (const [n, dueDate] of [['1', '2026-02-01'], ['2', '2026-02-02']]) {
      const { id } = await s.ok(s.post('/v1/receivables', { policyId: policy.id, debtorId: debtor.id, invoiceNumber: `X-${n}`, invoiceDate: '2026-01-05', dueDate, amount: 500_000, currency: 'EUR' }), 201);
      await s.ok(s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-01-05' }));
      ids.push(id);
    }
    const body = { policyId: policy.id, amount: 800_000, currency: 'EUR', receivedAt: '2026-01-05', reference: 'crash' };
    faults.crashOnAppendTo((stream) => stream === `receivable-${ids[1]}`); // the plan and the first payment are written, then the process dies
    const crashed = await s.post(`/v1/debtors/${debtor.id}/payments`, body, 'claims').set('Idempotency-Key', 'k-crash');
    expect(crashed.status).toBe(500);
    await first.close();

    const restarted = await startTestApi({ DATA_DIR: dataDir, CLOCK_START: '2026-01-05T10:00:00Z' });
    try {
      const r = new Scenario(restarted);
      const retried = await r.ok(r.post(`/v1/debtors/${debtor.id}/payments`, body, 'claims').set('Idempotency-Key', 'k-crash'), 201);
      expect(retried.allocations.map((a: any) => [a.receivableId, a.amount, a.status])).toEqual([
        [ids[0], 500_000, 'SETTLED'],
        [ids[1], 300_000, 'SHIPPED'],
      ]);
      const events = await allEvents(restarted.store);
      expect(events.filter((e) => e.stream.startsWith('debtorpayment-')).map((e) => e.type)).toEqual(['DebtorPaymentAllocated']);
      expect(events.filter((e) => e.type === 'PaymentRecorded').map((e) => [e.stream, e.data.amount])).toEqual([
        [`receivable-${ids[0]}`, 500_000],
        [`receivable-${ids[1]}`, 300_000],
      ]);
      const again = await r.post(`/v1/debtors/${debtor.id}/payments`, body, 'claims').set('Idempotency-Key', 'k-crash');
      expect(again.body).toEqual(retried);
      expect(await allEvents(restarted.store)).toEqual(events);
      // The same key with another payment is not this plan.
      await r.post(`/v1/debtors/${debtor.id}/payments`, { ...body, amount: 1 }, 'underwriter').set('Idempotency-Key', 'k-crash').expect(409);
    } finally {
      await restarted.close();
    }
  });
});
