import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AnchoringService } from '@tc/audit';
import { ROLES, Role } from '@tc/platform';
import { Scenario } from './support/scenario';
import { TestApi, allEvents, startTestApi } from './support/test-app';

/**
 * DOMAIN.md's worked example (driven as test/worked-example.e2e-spec.ts does) plus a few
 * other flows, then read back the way an auditor does: stored events, replays to any past
 * point, verification.
 */

/** One of DOMAIN.md's worked example rows: the status and outstanding its table gives on that date. */
interface Row {
  readonly asOf: string;
  readonly fact: string;
  readonly status: string;
  readonly outstanding: number;
  /** The event that day records on the receivable, the timers' ones included. */
  readonly last: string;
}

const WORKED_EXAMPLE: readonly Row[] = [
  { asOf: '2026-01-15', fact: 'invoice 60,000.00 registered, cover requested', status: 'COVER_REQUESTED', outstanding: 6_000_000, last: 'ReceivableRegistered' },
  { asOf: '2026-01-16', fact: 'cover granted in part: 50,000.00', status: 'COVER_GRANTED', outstanding: 6_000_000, last: 'CoverGranted' },
  { asOf: '2026-01-20', fact: 'shipped, insured, cover in force 50,000.00', status: 'SHIPPED', outstanding: 6_000_000, last: 'Shipped' },
  { asOf: '2026-03-10', fact: 'payment 10,000.00', status: 'SHIPPED', outstanding: 5_000_000, last: 'PaymentRecorded' },
  { asOf: '2026-03-17', fact: 'unpaid the day after the due date', status: 'OVERDUE', outstanding: 5_000_000, last: 'MarkedOverdue' },
  { asOf: '2026-03-23', fact: 'reminder (due + 7)', status: 'OVERDUE', outstanding: 5_000_000, last: 'ReminderSent' },
  { asOf: '2026-04-01', fact: 'overdue declared in time', status: 'OVERDUE', outstanding: 5_000_000, last: 'OverdueDeclared' },
  { asOf: '2026-04-06', fact: 'reminder (due + 21)', status: 'OVERDUE', outstanding: 5_000_000, last: 'ReminderSent' },
  { asOf: '2026-04-15', fact: 'handed to collection (due + 30)', status: 'IN_COLLECTION', outstanding: 5_000_000, last: 'HandedOverToCollection' },
  { asOf: '2026-05-10', fact: 'collection recovers 5,000.00', status: 'IN_COLLECTION', outstanding: 4_500_000, last: 'CollectionRecoveryRecorded' },
  { asOf: '2026-06-01', fact: 'debtor insolvent: alert on the receivable', status: 'IN_COLLECTION', outstanding: 4_500_000, last: 'AlertRecorded' },
  { asOf: '2026-06-05', fact: 'insolvency claim filed', status: 'CLAIM_FILED', outstanding: 4_500_000, last: 'ClaimFiled' },
  { asOf: '2026-06-20', fact: 'claim approved, indemnity 39,500.00', status: 'CLAIM_APPROVED', outstanding: 4_500_000, last: 'ClaimApproved' },
  { asOf: '2026-07-15', fact: 'indemnity paid', status: 'INDEMNIFIED', outstanding: 4_500_000, last: 'IndemnityPaid' },
  { asOf: '2026-09-01', fact: 'recovery 4,000.00 (outstanding 41,000.00)', status: 'INDEMNIFIED', outstanding: 4_100_000, last: 'RecoveryRecorded' },
];

/** The worked example's receivable after one day of the drive: its status by the table, at the revision the stream reached. */
interface Step {
  readonly date: string;
  readonly status: string;
  readonly revision: number;
}

const HEX64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('audit: the auditor reads, replays and verifies history', () => {
  let api: TestApi;
  let s: Scenario;
  let policyId: string;
  let debtorId: string;
  let id: string;
  let stream: string;
  let late: string;
  const steps: Step[] = [];

  const auditor = (path: string) => s.get(path, 'auditor');
  const replay = (query: string, receivable = id) => s.ok(auditor(`/v1/audit/receivables/${receivable}/replay?${query}`));

  /** Reactions (monitoring) append a moment after the request: wait until the stream has `count` events, and a little more. */
  async function settled(count: number) {
    for (let waited = 0; waited < 5_000 && (await api.store.readStream(stream)).length < count; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    return api.store.readStream(stream);
  }

  /**
   * One day of the worked example on its receivable: move the clock (the due timers fire),
   * act, check the events the day added, and note the revision reached with the table's status.
   */
  async function day(date: string, events: readonly string[], act?: () => PromiseLike<unknown>, status = WORKED_EXAMPLE.find((row) => row.asOf === date)!.status) {
    await s.on(date);
    await act?.();
    const before = steps.at(-1)?.revision ?? -1;
    const stored = await settled(before + 1 + events.length);
    expect({ date, events: stored.slice(before + 1).map((e) => `${e.type}@${e.metadata.effectiveDate}`) }).toEqual({ date, events: events.map((type) => `${type}@${date}`) });
    steps.push({ date, status, revision: stored.length - 1 });
  }

  beforeAll(async () => {
    api = await startTestApi({ CLOCK_START: '2026-01-01T08:00:00Z' });
    s = new Scenario(api);
    ({ policyId, debtorId } = await s.workedExampleSetUp());
    await s.ok(s.post(`/v1/policies/${policyId}/options`, { option: 'POLITICAL_RISK', effectiveFrom: '2026-01-01', comment: 'asked for at issue' }));
    await s.on('2026-01-15');
    id = (await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'INV-001', invoiceDate: '2026-01-15', dueDate: '2026-03-16', amount: 6_000_000, currency: 'EUR' }), 201)).id;
    stream = `receivable-${id}`;
    await day('2026-01-15', ['ReceivableRegistered']);
    await day('2026-01-16', ['CoverGranted'], () =>
      s.ok(s.post(`/v1/receivables/${id}/cover-decision`, { decision: 'PARTIAL', amount: 5_000_000, validUntil: '2026-12-31', decidedAt: '2026-01-16', comment: 'debtor accounts 2025 thin' })),
    );
    await day('2026-01-20', ['Shipped'], () => s.ok(s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-01-20' })));

    // Other flows in between: a small invoice granted automatically, disputed, upheld and paid in full;
    // another one shipped and left unpaid past its due date while nobody moves the clock.
    await s.on('2026-02-01');
    const small = await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'INV-002', invoiceDate: '2026-02-01', dueDate: '2026-03-31', amount: 1_000_000, currency: 'EUR' }), 201);
    late = (await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'INV-003', invoiceDate: '2026-02-01', dueDate: '2026-03-01', amount: 500_000, currency: 'EUR' }), 201)).id;
    await s.ok(api.http.post(`/v1/policies/${policyId}/credit-limits/${debtorId}/top-ups`).set(s.auth('underwriter')).send({ amount: 1_000_000, from: '2026-02-01', until: '2026-02-28' }));
    await s.ok(s.post(`/v1/policies/${policyId}/turnover-declarations`, { period: '2026-01-01', insuredTurnover: 30_000_000 }), 201);
    await s.on('2026-02-05');
    await s.ok(s.post(`/v1/receivables/${small.id}/shipment`, { shippedAt: '2026-02-05' }));
    await s.ok(s.post(`/v1/receivables/${late}/shipment`, { shippedAt: '2026-02-05' }));
    await s.on('2026-02-10');
    await s.ok(s.post(`/v1/receivables/${small.id}/disputes`, { openedAt: '2026-02-10', reason: 'goods damaged' }, 'claims'));
    await s.on('2026-02-20');
    await s.ok(s.post(`/v1/receivables/${small.id}/disputes/resolution`, { resolvedAt: '2026-02-20', outcome: 'UPHELD' }, 'claims'));
    await s.on('2026-02-25');
    expect(await s.ok(s.post(`/v1/receivables/${small.id}/payments`, { amount: 1_000_000, receivedAt: '2026-02-25', reference: 'settlement' }, 'claims'))).toMatchObject({ status: 'SETTLED' });

    await day('2026-03-10', ['PaymentRecorded'], () =>
      s.ok(s.post(`/v1/receivables/${id}/payments`, { amount: 1_000_000, receivedAt: '2026-03-10', reference: 'transfer 1', comment: 'first instalment' }, 'claims').set('X-Correlation-Id', 'bank-feed-0310')),
    );
    await day('2026-03-17', ['MarkedOverdue']);
    await day('2026-03-23', ['ReminderSent']);
    await day('2026-04-01', ['OverdueDeclared'], () => s.ok(s.post(`/v1/receivables/${id}/overdue-declaration`, { declaredAt: '2026-04-01' }, 'claims')));
    await day('2026-04-06', ['ReminderSent']);
    await day('2026-04-15', ['HandedOverToCollection']);
    await day('2026-05-10', ['CollectionRecoveryRecorded'], () => s.ok(s.post(`/v1/receivables/${id}/collection-recoveries`, { amount: 500_000, recoveredAt: '2026-05-10' }, 'claims')));
    // Monitoring raises the alert on every open receivable of the debtor on its own.
    await day('2026-06-01', ['AlertRecorded'], () => s.ok(s.post(`/v1/debtors/${debtorId}/insolvency`, { declaredAt: '2026-06-01', proceeding: 'liquidation' }, 'claims')));
    await day('2026-06-05', ['ClaimFiled'], () => s.ok(s.post(`/v1/receivables/${id}/claims`, { reason: 'INSOLVENCY', filedAt: '2026-06-05' }, 'claims'), 201));
    await day('2026-06-20', ['ClaimApproved'], () => s.ok(s.post(`/v1/receivables/${id}/claim-decision`, { decision: 'APPROVED', decidedAt: '2026-06-20' }, 'claims')));
    await day('2026-07-15', ['IndemnityPaid'], () => s.ok(s.post(`/v1/receivables/${id}/indemnity-payment`, { paidAt: '2026-07-15' }, 'claims')));
    await day('2026-09-01', ['RecoveryRecorded'], () => s.ok(s.post(`/v1/receivables/${id}/recoveries`, { amount: 400_000, recoveredAt: '2026-09-01' }, 'claims')));
    await day('2026-12-01', ['ReceivableClosed'], () => s.ok(s.post(`/v1/receivables/${id}/closure`, { closedAt: '2026-12-01', reason: 'liquidation closed' }, 'claims')), 'CLOSED');
    await api.app.get(AnchoringService).keeper.catchUp();
  });
  afterAll(() => api.close());

  describe('GET /v1/audit/receivables/:id/replay', () => {
    it.each(WORKED_EXAMPLE)('asOf $asOf ($fact): $status, outstanding $outstanding', async (row) => {
      const res = await replay(`asOf=${row.asOf}`);
      expect(res.state).toMatchObject({ status: row.status, outstanding: row.outstanding, currency: 'EUR' });
      expect(res.timeline.at(-1)).toMatchObject({ type: row.last, effectiveDate: row.asOf });
      expect(res.timeline.every((entry: any) => entry.effectiveDate <= row.asOf)).toBe(true);
    });

    it('asOf follows the business dates, knownAt the recording instants: timers fired late by a clock jump tell them apart', async () => {
      // INV-003 fell due on 2026-03-01; the clock jumped from 2026-02-25 to 2026-03-10, when its overdue timers fired.
      const byDate = await replay('asOf=2026-03-02', late);
      expect(byDate.state.status).toBe('OVERDUE');
      expect(byDate.timeline.at(-1)).toMatchObject({ type: 'MarkedOverdue', effectiveDate: '2026-03-02', recordedAt: '2026-03-10T09:00:00.000Z', actor: { role: 'system' } });
      expect((await replay('knownAt=2026-03-09T23:59:59Z', late)).state.status).toBe('SHIPPED');
      expect((await replay('knownAt=2026-03-10T09:00:00Z', late)).state.status).toBe('OVERDUE');
    });

    it('answers the cover in force on the shipment date, the alerts, the claim and the recovery shares as of each date', async () => {
      expect(await replay('asOf=2026-01-20')).toMatchObject({
        coverOnShipmentDate: { shippedAt: '2026-01-20', insured: true, coverInForce: 5_000_000, currency: 'EUR' },
        state: { step: 3, coveredAmount: 5_000_000, coverInForce: 5_000_000, coverVoided: false, disputed: false, alerts: [] },
      });
      expect((await replay('asOf=2026-06-01')).state).toMatchObject({ alerts: [expect.objectContaining({ kind: 'INSOLVENCY', date: '2026-06-01' })], claim: null });
      expect((await replay('asOf=2026-06-20')).state).toMatchObject({ step: 6, insuredLoss: 4_500_000, indemnity: 3_950_000, claim: { reason: 'INSOLVENCY', status: 'APPROVED' } });
      expect((await replay('asOf=2026-09-01')).state).toMatchObject({ recoveredToInsurer: 351_111, recoveredToInsured: 48_889, claim: { status: 'PAID', daysToPayment: 40 } });
    });

    it('before the registration there is nothing to show yet', async () => {
      expect(await replay('asOf=2026-01-14')).toMatchObject({ state: null, atRevision: null, coverOnShipmentDate: null, timeline: [], eventsInStream: steps.length });
    });

    it('knownAt gives what had been recorded by that instant: each step from the moment it was recorded', async () => {
      for (const [i, current] of steps.entries()) {
        const at = await replay(`knownAt=${current.date}T09:00:00Z`);
        expect({ date: current.date, status: at.state.status, atRevision: at.atRevision }).toEqual({ date: current.date, status: current.status, atRevision: current.revision });
        const justBefore = await replay(`knownAt=${current.date}T08:59:59.999Z`);
        expect({ date: current.date, atRevision: justBefore.atRevision }).toEqual({ date: current.date, atRevision: i === 0 ? null : steps[i - 1].revision });
      }
    });

    it('revision gives the state after that event', async () => {
      for (const current of steps) {
        const at = await replay(`revision=${current.revision}`);
        expect({ revision: current.revision, status: at.state.status, entries: at.timeline.length }).toEqual({ revision: current.revision, status: current.status, entries: current.revision + 1 });
      }
      expect((await replay('revision=999')).atRevision).toBe(steps.at(-1)!.revision);
    });

    it("tells each event's who, when, why and hash, and the state after it, in an auditor's words", async () => {
      const { timeline, pointInTime, stream: named } = await replay('asOf=2026-03-10');
      expect([pointInTime, named]).toEqual([{ asOf: '2026-03-10' }, stream]);
      expect(timeline.map((e: any) => e.description)).toEqual([
        'invoice INV-001 of 60,000.00 EUR registered, dated 2026-01-15, due 2026-03-16; cover requested: 60,000.00 EUR; status COVER_REQUESTED',
        'cover granted in part: 50,000.00 EUR, valid until 2026-12-31; status COVER_GRANTED',
        'shipped on 2026-01-20: insured, cover in force 50,000.00 EUR; status SHIPPED',
        'payment of 10,000.00 EUR received; outstanding 50,000.00 EUR',
      ]);
      const [registered, decided, , paid] = timeline;
      expect(decided).toMatchObject({ actor: { sub: 'underwriter-1', role: 'underwriter' }, comment: 'debtor accounts 2025 thin', recordedAt: '2026-01-16T09:00:00.000Z', effectiveDate: '2026-01-16' });
      expect(registered.comment).toBeNull();
      expect(paid).toMatchObject({
        type: 'PaymentRecorded',
        actor: { sub: 'claims-1', role: 'claims' },
        recordedAt: '2026-03-10T09:00:00.000Z',
        effectiveDate: '2026-03-10',
        comment: 'first instalment',
        correlationId: 'bank-feed-0310',
        data: expect.objectContaining({ amount: 1_000_000, reference: 'transfer 1' }),
        stateAfter: { status: 'SHIPPED', step: 3, outstanding: 5_000_000, paid: 1_000_000, coveredAmount: 5_000_000, coverInForce: 5_000_000, coverVoided: false, disputed: false, alerts: 0, claimStatus: null, indemnity: null },
      });
      const stored = await s.ok(auditor(`/v1/audit/streams/${stream}/events?fromRevision=${paid.revision}&limit=1`));
      expect(paid.hash).toMatch(HEX64);
      expect(paid.hash).toBe(stored.events[0].metadata.hash);

      const later = (await replay('asOf=2026-12-01')).timeline.map((e: any) => e.description);
      expect(later.slice(4)).toEqual([
        'unpaid after the due date: overdue since 2026-03-17; status OVERDUE',
        'reminder 1 sent on 2026-03-23',
        'overdue declared on 2026-04-01 (deadline 2026-05-15: in time)',
        'reminder 2 sent on 2026-04-06',
        'handed to collection automatically on 2026-04-15; status IN_COLLECTION',
        'collection recovered 5,000.00 EUR; outstanding 45,000.00 EUR',
        'alert: the debtor was declared insolvent on 2026-06-01',
        'insolvency claim filed; date of loss 2026-06-01; insured loss 45,000.00 EUR; status CLAIM_FILED',
        'claim approved: insured loss 45,000.00 EUR, indemnity 39,500.00 EUR; status CLAIM_APPROVED',
        'indemnity of 39,500.00 EUR paid, 40 days after filing (within the 60-day target); status INDEMNIFIED',
        'recovery of 4,000.00 EUR after the indemnity: insurer 3,511.11 EUR, insured 488.89 EUR; outstanding 41,000.00 EUR',
        'closed: liquidation closed; status CLOSED',
      ]);
    });

    it.each([
      ['', 'one of asOf, knownAt or revision is required'],
      ['asOf=2026-03-10&revision=3', 'give only one of asOf, knownAt or revision'],
      ['asOf=2026-03-10&knownAt=2026-03-10T09:00:00Z&revision=1', 'give only one of asOf, knownAt or revision'],
    ])('refuses ?%s: exactly one point in time (400)', async (query, message) => {
      const res = await auditor(`/v1/audit/receivables/${id}/replay?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: expect.arrayContaining([{ field: 'asOf', message }]) });
    });

    it.each(['asOf=2026-02-30', 'knownAt=yesterday', 'revision=-1', 'revision=1.5', 'revision=x', 'at=2026-01-01'])('refuses the malformed ?%s (400)', async (query) => {
      const res = await auditor(`/v1/audit/receivables/${id}/replay?${query}`);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('an unknown receivable, or an id that names none, is a 404', async () => {
      for (const other of ['5f0c1a52-9f3e-4a57-8d0e-7b7c1d9a2b10', 'not-a-uuid']) {
        const res = await auditor(`/v1/audit/receivables/${other}/replay?asOf=2026-03-10`);
        expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
      }
    });
  });

  describe('GET /v1/audit/streams/:stream/events', () => {
    it('returns the stored events in order with type, data, every metadata field, revision and position, paged', async () => {
      const first = await s.ok(auditor(`/v1/audit/streams/${stream}/events?limit=5`));
      expect(first.stream).toBe(stream);
      expect(first.events.map((e: any) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      expect(first.nextRevision).toBe(5);
      expect(first.events[0]).toEqual({
        stream,
        revision: 0,
        position: expect.stringMatching(/^\d+$/),
        type: 'ReceivableRegistered',
        data: expect.objectContaining({ receivableId: id, invoiceNumber: 'INV-001', amount: 6_000_000 }),
        metadata: {
          eventId: expect.stringMatching(UUID),
          actor: { sub: 'underwriter-1', role: 'underwriter' },
          correlationId: expect.any(String),
          causationId: expect.any(String),
          comment: null,
          recordedAt: '2026-01-15T09:00:00.000Z',
          effectiveDate: '2026-01-15',
          schemaVersion: 1,
          hash: expect.stringMatching(HEX64),
        },
      });
      const rest = await s.ok(auditor(`/v1/audit/streams/${stream}/events?fromRevision=5&limit=500`));
      expect(rest.events.map((e: any) => e.revision)).toEqual(steps.slice(5).map((st) => st.revision));
      expect(rest.nextRevision).toBeNull();
      const positions = [...first.events, ...rest.events].map((e: any) => Number(e.position));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect((await s.ok(auditor(`/v1/audit/streams/${stream}/events`))).events).toHaveLength(steps.length); // default limit 100
      expect(await s.ok(auditor(`/v1/audit/streams/${stream}/events?fromRevision=99`))).toEqual({ stream, events: [], nextRevision: null });
    });

    it('reads any aggregate: the policy, the debtor, the credit limit', async () => {
      for (const other of [`policy-${policyId}`, `debtor-${debtorId}`, `creditlimit-${policyId}-${debtorId}`]) {
        const page = await s.ok(auditor(`/v1/audit/streams/${other}/events`));
        expect(page.events.length).toBeGreaterThan(0);
      }
    });

    it('an unknown stream is a 404', async () => {
      const res = await auditor('/v1/audit/streams/receivable-5f0c1a52-9f3e-4a57-8d0e-7b7c1d9a2b10/events');
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it.each([
      'Receivable-x',
      'receivable',
      'receivable-',
      "receivable-x' OR '1'='1",
      'receivable-..%2F..%2Fetc',
      'receivable-%00',
      `receivable-${'a'.repeat(80)}!`,
    ])('refuses the stream name %j before it reaches the store (400)', async (name) => {
      for (const route of ['events', 'verify']) {
        const res = await auditor(`/v1/audit/streams/${encodeURIComponent(decodeURIComponent(name))}/${route}`);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.errors).toEqual([{ field: 'stream', message: expect.stringContaining('<aggregate>-<id>') }]);
      }
    });

    it('a name longer than the router takes is refused by it (414), never a 500', async () => {
      const res = await auditor(`/v1/audit/streams/receivable-${'a'.repeat(120)}/events`);
      expect(res.status).toBe(414);
    });

    it.each(['limit=0', 'limit=501', 'limit=ten', 'fromRevision=-1', 'fromRevision=1.5', 'after=3'])('refuses ?%s (400)', async (query) => {
      const res = await auditor(`/v1/audit/streams/${stream}/events?${query}`);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });

  describe('roles: only auditors read here, and auditors write nothing anywhere', () => {
    const auditRoutes = () => [`/v1/audit/streams/${stream}/events`, `/v1/audit/receivables/${id}/replay?asOf=2026-03-10`, `/v1/audit/streams/${stream}/verify`];

    it.each(ROLES.filter((role) => role !== 'auditor'))('%s gets 403 on every audit route', async (role) => {
      for (const path of auditRoutes()) {
        const res = await s.get(path, role as Role, role === 'integration' ? policyId : undefined);
        expect([path, res.status, res.body.code]).toEqual([path, 403, 'FORBIDDEN']);
      }
    });

    it('without a token: 401', async () => {
      for (const path of auditRoutes()) expect((await api.http.get(path)).status).toBe(401);
    });

    it('every POST, PUT, PATCH and DELETE route of the OpenAPI document refuses an auditor token (403) and appends nothing', async () => {
      const document = await s.ok(api.http.get('/openapi.json'));
      const writes = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
          .map((method) => [method, path.replace(/\{[^}]+\}/g, id)] as const),
      );
      expect(writes.length).toBeGreaterThanOrEqual(25);
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/audit/streams/{stream}/events', '/v1/audit/receivables/{id}/replay', '/v1/audit/streams/{stream}/verify']));
      const before = (await allEvents(api.store)).length;
      for (const [method, path] of writes) {
        const res = await (api.http as any)[method](path).set(s.auth('auditor')).send({ comment: 'an auditor trying to write' });
        expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 'FORBIDDEN']);
      }
      expect((await allEvents(api.store)).length).toBe(before);
    });
  });

  it('every event written through the API carries its actor (sub + role), correlation id, causation, recordedAt and effectiveDate', async () => {
    const events = await allEvents(api.store);
    expect(events.length).toBeGreaterThan(30);
    expect(new Set(events.map((e) => e.stream.split('-')[0]))).toEqual(new Set(['policy', 'debtor', 'debtorkey', 'creditlimit', 'receivable']));
    for (const { stream: named, revision, metadata: m } of events) {
      const where = `${named}@${revision}`;
      expect({ where, ...m }).toEqual({
        where,
        eventId: expect.stringMatching(UUID),
        actor: { sub: expect.stringMatching(/\S/), role: expect.stringMatching(new RegExp(`^(${[...ROLES, 'system'].join('|')})$`)) },
        correlationId: expect.stringMatching(/\S/),
        causationId: expect.stringMatching(/\S/),
        ...(m.comment !== undefined && { comment: expect.any(String) }),
        recordedAt: expect.stringMatching(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        effectiveDate: expect.stringMatching(/^2026-\d\d-\d\d$/),
        schemaVersion: expect.any(Number),
        hash: expect.stringMatching(HEX64),
      });
      // Recorded when the command ran (the clock at 09:00), about a fact dated no later than that day.
      expect(m.effectiveDate <= m.recordedAt.slice(0, 10)).toBe(true);
    }
    const paid = events.find((e) => e.type === 'PaymentRecorded' && e.stream === stream)!;
    expect(paid.metadata).toMatchObject({ correlationId: 'bank-feed-0310', comment: 'first instalment', actor: { sub: 'claims-1', role: 'claims' } });
    expect(events.filter((e) => e.metadata.comment === 'asked for at issue')).toHaveLength(1);
  });

  describe('GET /v1/audit/streams/:stream/verify', () => {
    it('answers intact, with the number of events and the anchored head', async () => {
      expect(await s.ok(auditor(`/v1/audit/streams/${stream}/verify`))).toEqual({ stream, intact: true, events: steps.length, anchoredRevision: steps.length - 1 });
      const unknown = await auditor('/v1/audit/streams/receivable-5f0c1a52-9f3e-4a57-8d0e-7b7c1d9a2b10/verify');
      expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('names the revision where history was cut, even with the head row edited to match (last: it alters the store)', async () => {
      const last = steps.length - 1;
      const attacker = new Database(join(api.dataDir, 'events.sqlite'));
      try {
        const previous = attacker.prepare('SELECT hash FROM events WHERE stream = ? AND revision = ?').get(stream, last - 1) as { hash: string };
        attacker.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(stream, last);
        attacker.prepare('UPDATE streams SET revision = ?, head_hash = ? WHERE stream = ?').run(last - 1, previous.hash, stream);
      } finally {
        attacker.close();
      }
      expect(await s.ok(auditor(`/v1/audit/streams/${stream}/verify`))).toEqual({
        stream,
        intact: false,
        events: last,
        brokenAtRevision: last,
        reason: `revision ${last} is missing: the stream's anchor records revision ${last} (events deleted from the end of the stream)`,
        anchoredRevision: last,
      });
    });
  });
});
