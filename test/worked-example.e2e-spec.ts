import { ReceivableWorkflow } from '@tc/receivables';
import { Scenario } from './support/scenario';
import { TestApi, startTestApi } from './support/test-app';

/** DOMAIN.md's worked example, every command dated as in its table, through HTTP on the manual clock. */
describe('the worked example of DOMAIN.md', () => {
  let api: TestApi;
  let s: Scenario;
  let policyId: string;
  let debtorId: string;
  let id: string;

  beforeAll(async () => {
    api = await startTestApi({ CLOCK_START: '2026-01-01T08:00:00Z' });
    s = new Scenario(api);
    ({ policyId, debtorId } = await s.workedExampleSetUp());
  });
  afterAll(() => api.close());

  const receivable = () => s.ok(s.get(`/v1/receivables/${id}`, 'auditor'));

  it('2026-01-15: invoice 60,000.00 registered, due 2026-03-16; over the discretionary 20,000.00 it waits', async () => {
    await s.on('2026-01-15');
    const res = await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'INV-001', invoiceDate: '2026-01-15', dueDate: '2026-03-16', amount: 6_000_000, currency: 'EUR' }), 201);
    id = res.id;
    expect(res).toMatchObject({ status: 'COVER_REQUESTED', step: 1, requestedCover: 6_000_000, revision: 0 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 0, available: 8_000_000 });
  });

  it('2026-01-16: the underwriter grants in part, 50,000.00 valid until 2026-12-31, reserved on the limit', async () => {
    await s.on('2026-01-16');
    const res = await s.ok(s.post(`/v1/receivables/${id}/cover-decision`, { decision: 'PARTIAL', amount: 5_000_000, validUntil: '2026-12-31', decidedAt: '2026-01-16' }));
    expect(res).toMatchObject({ status: 'COVER_GRANTED', step: 2, coveredAmount: 5_000_000 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 5_000_000, available: 3_000_000 });
  });

  it('2026-01-20: shipped, insured, cover in force 50,000.00', async () => {
    await s.on('2026-01-20');
    const res = await s.ok(s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-01-20' }));
    expect(res).toMatchObject({ status: 'SHIPPED', step: 3, insured: true, coverInForce: 5_000_000 });
  });

  it('2026-03-10: payment 10,000.00 leaves 50,000.00 outstanding', async () => {
    await s.on('2026-03-10');
    const res = await s.ok(s.post(`/v1/receivables/${id}/payments`, { amount: 1_000_000, receivedAt: '2026-03-10', reference: 'transfer 1' }, 'claims'));
    expect(res).toMatchObject({ status: 'SHIPPED', outstanding: 5_000_000, paid: 1_000_000 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 5_000_000 });
  });

  it('2026-04-01: overdue declared in time (deadline 2026-05-15)', async () => {
    await s.on('2026-04-01');
    const res = await s.ok(s.post(`/v1/receivables/${id}/overdue-declaration`, { declaredAt: '2026-04-01' }, 'claims'));
    expect(res).toMatchObject({ status: 'OVERDUE', step: 5, coverVoided: false, declaredAt: '2026-04-01' });
  });

  it('2026-04-15: handed to collection (due + 30)', async () => {
    await s.on('2026-04-15');
    const res = await s.ok(s.post(`/v1/receivables/${id}/collection`, { handedOverAt: '2026-04-15', agency: 'Recouvrement SA' }, 'claims'));
    expect(res).toMatchObject({ status: 'IN_COLLECTION', handedOverAt: '2026-04-15' });
  });

  it('2026-05-10: collection recovers 5,000.00 (outstanding 45,000.00); the reservation follows', async () => {
    await s.on('2026-05-10');
    const res = await s.ok(s.post(`/v1/receivables/${id}/collection-recoveries`, { amount: 500_000, recoveredAt: '2026-05-10' }, 'claims'));
    expect(res).toMatchObject({ status: 'IN_COLLECTION', outstanding: 4_500_000 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 4_500_000 });
  });

  it('2026-06-01: the debtor is declared insolvent; the alert is recorded on the receivable', async () => {
    await s.on('2026-06-01');
    await s.ok(s.post(`/v1/debtors/${debtorId}/insolvency`, { declaredAt: '2026-06-01', proceeding: 'liquidation' }, 'claims'));
    // The automatic fan-out comes with the monitoring process; here the receivable accepts the alert command.
    await api.app.get(ReceivableWorkflow).run(
      id,
      () => ({ type: 'RecordAlert', data: { alertId: 'insolvency-2026-06-01', kind: 'INSOLVENCY', severity: 'critical', date: '2026-06-01', insolvencyDate: '2026-06-01' } }),
      { actor: { sub: 'monitoring', role: 'system' }, correlationId: 'test' },
      '2026-06-01',
    );
    expect(await receivable()).toMatchObject({ status: 'IN_COLLECTION', alerts: [expect.objectContaining({ kind: 'INSOLVENCY', date: '2026-06-01' })] });
  });

  it('2026-06-05: insolvency claim filed; date of loss 2026-06-01', async () => {
    await s.on('2026-06-05');
    const res = await s.ok(s.post(`/v1/receivables/${id}/claims`, { reason: 'INSOLVENCY', filedAt: '2026-06-05' }, 'claims'), 201);
    expect(res).toMatchObject({ status: 'CLAIM_FILED', step: 6, dateOfLoss: '2026-06-01', insuredLoss: 4_500_000 });
  });

  it('2026-06-20: approved; indemnity 45,000.00 × 90 % − 1,000.00 = 39,500.00, charged on the policy year', async () => {
    await s.on('2026-06-20');
    const res = await s.ok(s.post(`/v1/receivables/${id}/claim-decision`, { decision: 'APPROVED', decidedAt: '2026-06-20' }, 'claims'));
    expect(res).toMatchObject({ status: 'CLAIM_APPROVED', insuredLoss: 4_500_000, indemnity: 3_950_000 });
    const policy = await s.ok(s.get(`/v1/policies/${policyId}`));
    expect(policy.currentPolicyYear).toMatchObject({ indemnitiesCharged: 3_950_000, remainingLiability: 36_000_000 - 3_950_000 });
  });

  it('2026-07-15: indemnity paid, 40 days after filing (within the 60-day target)', async () => {
    await s.on('2026-07-15');
    const res = await s.ok(s.post(`/v1/receivables/${id}/indemnity-payment`, { paidAt: '2026-07-15' }, 'claims'));
    expect(res).toMatchObject({ status: 'INDEMNIFIED', indemnityPaidAt: '2026-07-15', claim: { daysToPayment: 40 } });
  });

  it('2026-09-01: recovery 4,000.00 split 3,511.11 to the insurer and 488.89 to the insured (outstanding 41,000.00)', async () => {
    await s.on('2026-09-01');
    const res = await s.ok(s.post(`/v1/receivables/${id}/recoveries`, { amount: 400_000, recoveredAt: '2026-09-01' }, 'claims'));
    expect(res).toMatchObject({ status: 'INDEMNIFIED', recoveredToInsurer: 351_111, recoveredToInsured: 48_889, outstanding: 4_100_000 });
  });

  it('a claims handler closes it when nothing more is expected: CLOSED, reservation released', async () => {
    await s.on('2026-12-01');
    const res = await s.ok(s.post(`/v1/receivables/${id}/closure`, { closedAt: '2026-12-01', reason: 'liquidation closed' }, 'claims'));
    expect(res).toMatchObject({ status: 'CLOSED' });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 0 });
  });
});
