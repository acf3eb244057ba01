import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { Scenario } from './support/scenario';
import { TestApi, startTestApi } from './support/test-app';

type Act = (s: Scenario, ids: { policyId: string; debtorId: string; id: string }, api: TestApi) => Promise<unknown>;
interface Row {
  readonly date: string;
  readonly fact: string;
  /** What a person does that day; the timers act on their own when the clock reaches their day. */
  readonly act?: Act;
  readonly status: string;
  readonly outstanding: number;
  /** Every event the day adds to the receivable's stream, with its business date. */
  readonly events: readonly string[];
  readonly check?: (view: any) => void;
}

const claims = 'claims' as const;

/** DOMAIN.md's worked example, every fact dated as in its table, through HTTP on the manual clock, checked event by event. */
const WORKED_EXAMPLE: readonly Row[] = [
  { date: '2026-01-15', fact: 'invoice 60,000.00 registered, due 2026-03-16; over the discretionary 20,000.00 it waits', status: 'COVER_REQUESTED', outstanding: 6_000_000, events: ['ReceivableRegistered@2026-01-15'] },
  {
    date: '2026-01-16',
    fact: 'the underwriter grants in part: 50,000.00, valid until 2026-12-31',
    act: (s, { id }) => s.ok(s.post(`/v1/receivables/${id}/cover-decision`, { decision: 'PARTIAL', amount: 5_000_000, validUntil: '2026-12-31', decidedAt: '2026-01-16' })),
    status: 'COVER_GRANTED',
    outstanding: 6_000_000,
    events: ['CoverGranted@2026-01-16'],
  },
  {
    date: '2026-01-20',
    fact: 'shipped: insured, cover in force 50,000.00',
    act: (s, { id }) => s.ok(s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-01-20' })),
    status: 'SHIPPED',
    outstanding: 6_000_000,
    events: ['Shipped@2026-01-20'],
    check: (v) => expect(v).toMatchObject({ insured: true, coverInForce: 5_000_000 }),
  },
  {
    date: '2026-03-10',
    fact: 'payment 10,000.00',
    act: (s, { id }) => s.ok(s.post(`/v1/receivables/${id}/payments`, { amount: 1_000_000, receivedAt: '2026-03-10', reference: 'transfer' }, claims)),
    status: 'SHIPPED',
    outstanding: 5_000_000,
    events: ['PaymentRecorded@2026-03-10'],
  },
  { date: '2026-03-16', fact: 'due date: not overdue yet', status: 'SHIPPED', outstanding: 5_000_000, events: [] },
  { date: '2026-03-17', fact: 'unpaid the day after the due date', status: 'OVERDUE', outstanding: 5_000_000, events: ['MarkedOverdue@2026-03-17'] },
  { date: '2026-03-23', fact: 'first reminder (due + 7)', status: 'OVERDUE', outstanding: 5_000_000, events: ['ReminderSent@2026-03-23'] },
  {
    date: '2026-04-01',
    fact: 'overdue declared (deadline 2026-05-15: in time)',
    act: (s, { id }) => s.ok(s.post(`/v1/receivables/${id}/overdue-declaration`, { declaredAt: '2026-04-01' }, claims)),
    status: 'OVERDUE',
    outstanding: 5_000_000,
    events: ['OverdueDeclared@2026-04-01'],
  },
  { date: '2026-04-06', fact: 'second reminder (due + 21)', status: 'OVERDUE', outstanding: 5_000_000, events: ['ReminderSent@2026-04-06'] },
  { date: '2026-04-15', fact: 'handed to collection (due + 30)', status: 'IN_COLLECTION', outstanding: 5_000_000, events: ['HandedOverToCollection@2026-04-15'] },
  {
    date: '2026-05-10',
    fact: 'collection recovers 5,000.00',
    act: (s, { id }) => s.ok(s.post(`/v1/receivables/${id}/collection-recoveries`, { amount: 500_000, recoveredAt: '2026-05-10' }, claims)),
    status: 'IN_COLLECTION',
    outstanding: 4_500_000,
    events: ['CollectionRecoveryRecorded@2026-05-10'],
  },
  { date: '2026-05-16', fact: 'the day after the declaration deadline: declared in time, the cover stands', status: 'IN_COLLECTION', outstanding: 4_500_000, events: [], check: (v) => expect(v.coverVoided).toBe(false) },
  {
    date: '2026-06-01',
    fact: 'debtor declared insolvent: alert on the receivable',
    // Monitoring raises the alert on every open receivable of the debtor on its own.
    act: (s, { debtorId }) => s.ok(s.post(`/v1/debtors/${debtorId}/insolvency`, { declaredAt: '2026-06-01', proceeding: 'liquidation' }, claims)),
    status: 'IN_COLLECTION',
    outstanding: 4_500_000,
    events: ['AlertRecorded@2026-06-01'],
  },
  {
    date: '2026-06-05',
    fact: 'insolvency claim filed; date of loss 2026-06-01',
    act: (s, { id }) => s.ok(s.post(`/v1/receivables/${id}/claims`, { reason: 'INSOLVENCY', filedAt: '2026-06-05' }, claims), 201),
    status: 'CLAIM_FILED',
    outstanding: 4_500_000,
    events: ['ClaimFiled@2026-06-05'],
    check: (v) => expect(v).toMatchObject({ dateOfLoss: '2026-06-01', insuredLoss: 4_500_000 }),
  },
  {
    date: '2026-06-20',
    fact: 'claim approved: indemnity 45,000.00 × 90 % − 1,000.00 = 39,500.00',
    act: (s, { id }) => s.ok(s.post(`/v1/receivables/${id}/claim-decision`, { decision: 'APPROVED', decidedAt: '2026-06-20' }, claims)),
    status: 'CLAIM_APPROVED',
    outstanding: 4_500_000,
    events: ['ClaimApproved@2026-06-20'],
    check: (v) => expect(v).toMatchObject({ insuredLoss: 4_500_000, indemnity: 3_950_000 }),
  },
  {
    date: '2026-07-15',
    fact: 'indemnity paid (40 days after filing: within the 60-day target)',
    act: (s, { id }) => s.ok(s.post(`/v1/receivables/${id}/indemnity-payment`, { paidAt: '2026-07-15' }, claims)),
    status: 'INDEMNIFIED',
    outstanding: 4_500_000,
    events: ['IndemnityPaid@2026-07-15'],
    check: (v) => expect(v.claim).toMatchObject({ daysToPayment: 40 }),
  },
  { date: '2026-08-13', fact: 'the waiting period would have ended (due + 150): the claim stopped every dunning timer', status: 'INDEMNIFIED', outstanding: 4_500_000, events: [] },
  {
    date: '2026-09-01',
    fact: 'recovery 4,000.00: insurer 3,511.11, insured 488.89',
    act: (s, { id }) => s.ok(s.post(`/v1/receivables/${id}/recoveries`, { amount: 400_000, recoveredAt: '2026-09-01' }, claims)),
    status: 'INDEMNIFIED',
    outstanding: 4_100_000,
    events: ['RecoveryRecorded@2026-09-01'],
    check: (v) => expect(v).toMatchObject({ recoveredToInsurer: 351_111, recoveredToInsured: 48_889 }),
  },
];

describe('the worked example of DOMAIN.md, its timeline running on its own', () => {
  let api: TestApi;
  let s: Scenario;
  const ids = { policyId: '', debtorId: '', id: '' };
  let seen = 0;

  beforeAll(async () => {
    api = await startTestApi({ CLOCK_START: '2026-01-01T08:00:00Z' });
    s = new Scenario(api);
    Object.assign(ids, await s.workedExampleSetUp());
    await s.on('2026-01-15');
    ids.id = (await s.ok(s.post('/v1/receivables', { policyId: ids.policyId, debtorId: ids.debtorId, invoiceNumber: 'INV-001', invoiceDate: '2026-01-15', dueDate: '2026-03-16', amount: 6_000_000, currency: 'EUR' }), 201)).id;
  });
  afterAll(() => api.close());

  /** Reactions (monitoring) append on their own, a moment after the request: wait for them, then a little more for any extra. */
  async function settled(stream: string, expected: number) {
    const store = api.app.get<EventStore>(EVENT_STORE);
    for (let waited = 0; waited < 5_000 && (await store.readStream(stream)).length < expected; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    return store.readStream(stream);
  }

  it.each(WORKED_EXAMPLE.map((row) => [row.date, row.fact, row] as const))('%s: %s', async (date, _fact, row) => {
    await s.on(date);
    await row.act?.(s, ids, api);
    const stream = await settled(`receivable-${ids.id}`, seen + row.events.length);
    expect(stream.slice(seen).map((e) => `${e.type}@${e.metadata.effectiveDate}`)).toEqual(row.events);
    seen = stream.length;
    const view = await s.ok(s.get(`/v1/receivables/${ids.id}`, 'auditor'));
    expect(view).toMatchObject({ status: row.status, outstanding: row.outstanding });
    row.check?.(view);
  });

  it('releases the reservation when a claims handler closes it', async () => {
    await s.on('2026-12-01');
    await s.ok(s.post(`/v1/receivables/${ids.id}/closure`, { closedAt: '2026-12-01', reason: 'liquidation closed' }, claims));
    expect(await s.limit(ids.policyId, ids.debtorId)).toMatchObject({ reserved: 0 });
    const policy = await s.ok(s.get(`/v1/policies/${ids.policyId}`));
    expect(policy.currentPolicyYear).toMatchObject({ indemnitiesCharged: 3_950_000 });
  });
});

describe('the same receivable without a declaration or a claim: the deadline and the waiting period act on their day', () => {
  let api: TestApi;
  let s: Scenario;
  let id: string;

  beforeAll(async () => {
    api = await startTestApi({ CLOCK_START: '2026-01-01T08:00:00Z' });
    s = new Scenario(api);
    const { policyId, debtorId } = await s.workedExampleSetUp();
    await s.on('2026-01-15');
    id = (await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'INV-002', invoiceDate: '2026-01-15', dueDate: '2026-03-16', amount: 6_000_000, currency: 'EUR' }), 201)).id;
    await s.on('2026-01-16');
    await s.ok(s.post(`/v1/receivables/${id}/cover-decision`, { decision: 'PARTIAL', amount: 5_000_000, validUntil: '2026-12-31', decidedAt: '2026-01-16' }));
    await s.on('2026-01-20');
    await s.ok(s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-01-20' }));
  });
  afterAll(() => api.close());

  const events = async () => (await api.app.get<EventStore>(EVENT_STORE).readStream(`receivable-${id}`)).map((e) => `${e.type}@${e.metadata.effectiveDate}`);

  it('one jump of the clock fires every due timer, each dated on its own day, in order', async () => {
    await s.on('2026-05-15');
    expect((await events()).slice(3)).toEqual([
      'MarkedOverdue@2026-03-17',
      'ReminderSent@2026-03-23',
      'ReminderSent@2026-04-06',
      'HandedOverToCollection@2026-04-15',
    ]);
  });

  it('voids the cover on due + 61 when the overdue was never declared', async () => {
    await s.on('2026-05-16');
    expect((await events()).slice(-1)).toEqual(['CoverVoided@2026-05-16']);
    expect(await s.ok(s.get(`/v1/receivables/${id}`))).toMatchObject({ coverVoided: true });
  });

  it('ends the waiting period on due + 150, and ticking again fires nothing twice', async () => {
    await s.on('2026-08-13');
    await s.on('2026-08-14');
    const all = await events();
    expect(all.slice(-1)).toEqual(['WaitingPeriodEnded@2026-08-13']);
    expect(new Set(all).size).toBe(all.length);
  });
});
