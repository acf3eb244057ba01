import { ROLES, ReceivableRoute, ReceivableScenario, Role, fieldsOf } from './support/receivables';

/**
 * Every receivable route of API.md through HTTP, on the manual clock. Each describe boots its
 * own API so that its facts can be dated in order (the clock only moves forward). Refusals go
 * through `s.refused()`, which also proves that they appended nothing and answered problem+json.
 */

const UNKNOWN_ID = '3f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e99';
const START = '2026-01-15';

/** What a route accepts and who may call it: the contract the matrix below checks on every route. */
interface RouteContract {
  readonly route: ReceivableRoute;
  readonly roles: readonly Role[];
  /** A well-formed body dated on START. */
  readonly valid: object;
  readonly invalid: readonly (readonly [what: string, body: object, fields: readonly string[]])[];
}

const on = START;
const CONTRACTS: readonly RouteContract[] = [
  {
    route: 'cover-decision',
    roles: ['underwriter'],
    valid: { decision: 'REFUSED', decidedAt: on },
    invalid: [
      ['a missing field', {}, ['decision']],
      ['mistyped fields', { decision: 'MAYBE', amount: '5', validUntil: '2026-02-30', conditions: 'none' }, ['amount', 'conditions', 'decision', 'validUntil']],
      ['an unknown field', { decision: 'GRANTED', approved: true }, ['approved']],
    ],
  },
  {
    route: 'shipment',
    roles: ['underwriter', 'integration'],
    valid: { shippedAt: on },
    invalid: [
      ['a missing field', {}, ['shippedAt']],
      ['a mistyped field', { shippedAt: 'yesterday' }, ['shippedAt']],
      ['an unknown field', { shippedAt: on, insured: true }, ['insured']],
    ],
  },
  {
    route: 'payments',
    roles: ['underwriter', 'claims', 'integration'],
    valid: { amount: 100, receivedAt: on, reference: 'transfer 1' },
    invalid: [
      ['missing fields', { amount: 100 }, ['receivedAt', 'reference']],
      ['mistyped fields', { amount: 1.5, receivedAt: on, reference: '' }, ['amount', 'reference']],
      ['an unknown field', { amount: 100, receivedAt: on, reference: 'transfer 1', currency: 'EUR' }, ['currency']],
    ],
  },
  {
    route: 'disputes',
    roles: ['claims', 'integration'],
    valid: { openedAt: on, reason: 'goods damaged on delivery' },
    invalid: [
      ['a missing field', { reason: 'damaged' }, ['openedAt']],
      ['mistyped fields', { openedAt: 20260115, reason: '' }, ['openedAt', 'reason']],
      ['an unknown field', { openedAt: on, reason: 'damaged', amount: 100 }, ['amount']],
    ],
  },
  {
    route: 'disputes/resolution',
    roles: ['claims'],
    valid: { resolvedAt: on, outcome: 'UPHELD' },
    invalid: [
      ['missing fields', {}, ['outcome', 'resolvedAt']],
      ['a mistyped field', { resolvedAt: on, outcome: 'WITHDRAWN' }, ['outcome']],
      ['an unknown field', { resolvedAt: on, outcome: 'UPHELD', reason: 'agreed' }, ['reason']],
    ],
  },
  {
    route: 'overdue-declaration',
    roles: ['claims', 'integration'],
    valid: { declaredAt: on },
    invalid: [
      ['a missing field', {}, ['declaredAt']],
      ['a mistyped field', { declaredAt: '15/01/2026' }, ['declaredAt']],
      ['an unknown field', { declaredAt: on, daysPastDue: 3 }, ['daysPastDue']],
    ],
  },
  {
    route: 'collection',
    roles: ['claims'],
    valid: { handedOverAt: on, agency: 'Recouvrement SA' },
    invalid: [
      ['a missing field', { handedOverAt: on }, ['agency']],
      ['mistyped fields', { handedOverAt: true, agency: 42 }, ['agency', 'handedOverAt']],
      ['an unknown field', { handedOverAt: on, agency: 'Recouvrement SA', fee: 10 }, ['fee']],
    ],
  },
  {
    route: 'collection-recoveries',
    roles: ['claims'],
    valid: { amount: 100, recoveredAt: on },
    invalid: [
      ['a missing field', { amount: 100 }, ['recoveredAt']],
      ['a mistyped field', { amount: -5, recoveredAt: on }, ['amount']],
      ['an unknown field', { amount: 100, recoveredAt: on, agency: 'x' }, ['agency']],
    ],
  },
  {
    route: 'claims',
    roles: ['claims', 'integration'],
    valid: { reason: 'INSOLVENCY', filedAt: on },
    invalid: [
      ['a missing field', { filedAt: on }, ['reason']],
      ['mistyped fields', { reason: 'FRAUD', filedAt: on, preShipmentCosts: -1 }, ['preShipmentCosts', 'reason']],
      ['an unknown field', { reason: 'INSOLVENCY', filedAt: on, amount: 100 }, ['amount']],
    ],
  },
  {
    route: 'claim-decision',
    roles: ['claims'],
    valid: { decision: 'REJECTED', decidedAt: on },
    invalid: [
      ['a missing field', { decision: 'APPROVED' }, ['decidedAt']],
      ['a mistyped field', { decision: 'MAYBE', decidedAt: on }, ['decision']],
      ['an indemnity sent by the client (the server computes it)', { decision: 'APPROVED', decidedAt: on, indemnity: 100 }, ['indemnity']],
    ],
  },
  {
    route: 'indemnity-payment',
    roles: ['claims'],
    valid: { paidAt: on },
    invalid: [
      ['a missing field', {}, ['paidAt']],
      ['a mistyped field', { paidAt: 'soon' }, ['paidAt']],
      ['an unknown field', { paidAt: on, amount: 100 }, ['amount']],
    ],
  },
  {
    route: 'recoveries',
    roles: ['claims'],
    valid: { amount: 100, recoveredAt: on },
    invalid: [
      ['a missing field', { recoveredAt: on }, ['amount']],
      ['a mistyped field', { amount: '100', recoveredAt: on }, ['amount']],
      ['an unknown field', { amount: 100, recoveredAt: on, insurerShare: 1 }, ['insurerShare']],
    ],
  },
  {
    route: 'closure',
    roles: ['claims'],
    valid: { closedAt: on, reason: 'nothing more expected' },
    invalid: [
      ['a missing field', { closedAt: on }, ['reason']],
      ['a mistyped field', { closedAt: on, reason: '' }, ['reason']],
      ['an unknown field', { closedAt: on, reason: 'done', status: 'CLOSED' }, ['status']],
    ],
  },
];

describe('every receivable route: authentication, roles, ids and body validation', () => {
  let s: ReceivableScenario;
  let id: string;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    const policyId = await s.policy();
    const debtorId = await s.debtor();
    await s.namedLimit(policyId, debtorId, 8_000_000);
    id = (await s.requested(policyId, debtorId, { amount: 3_000_000 })).id; // over 20,000.00: it waits
  });
  afterAll(() => s.close());

  const byRoute = CONTRACTS.map((c) => [c.route, c] as const);

  it.each(byRoute)('POST …/%s without a token or with a bad one is 401 UNAUTHENTICATED', async (route, { valid }) => {
    await s.refused(() => s.api.http.post(`/v1/receivables/${id}/${route}`).send(valid), 401, 'UNAUTHENTICATED');
    await s.refused(() => s.api.http.post(`/v1/receivables/${id}/${route}`).set('Authorization', 'Bearer not-a-jwt').send(valid), 401, 'UNAUTHENTICATED');
  });

  const forbidden = CONTRACTS.flatMap((c) => ROLES.filter((role) => !c.roles.includes(role)).map((role) => [c.route, role, c] as const));
  it.each(forbidden)('POST …/%s refuses the role %s with 403 FORBIDDEN', async (route, role, { valid }) => {
    const policyId = (await s.view(id)).policyId; // an integration token of the receivable's own policy: the role itself is refused
    await s.refused(() => s.act(id, route, valid, role, policyId), 403, 'FORBIDDEN');
  });

  it.each(byRoute)('POST …/%s on an unknown or malformed id is 404 NOT_FOUND', async (route, { valid, roles }) => {
    await s.refused(() => s.act(UNKNOWN_ID, route, valid, roles[0]), 404, 'NOT_FOUND');
    await s.refused(() => s.act('not-a-receivable', route, valid, roles[0]), 404, 'NOT_FOUND');
  });

  const invalid = CONTRACTS.flatMap((c) => c.invalid.map(([what, body, fields]) => [c.route, what, body, fields, c.roles[0]] as const));
  it.each(invalid)('POST …/%s refuses %s with 400 VALIDATION_FAILED listing the fields', async (route, _what, body, fields, role) => {
    const problem = await s.refused(() => s.act(id, route, body, role), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(problem)).toEqual(fields);
  });

  it.each(byRoute)('POST …/%s refuses a comment over 500 characters (400) and malformed JSON (400 MALFORMED_JSON)', async (route, { valid, roles }) => {
    const problem = await s.refused(() => s.act(id, route, { ...valid, comment: 'x'.repeat(501) }, roles[0]), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(problem)).toEqual(['comment']);
    await s.refused(
      () => s.api.http.post(`/v1/receivables/${id}/${route}`).set(s.auth(roles[0])).set('Content-Type', 'application/json').send('{"x":'),
      400,
      'MALFORMED_JSON',
    );
  });
});

describe('GET /v1/receivables/:id', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let otherPolicyId: string;
  let id: string;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    [policyId, otherPolicyId] = [await s.policy(), await s.policy()];
    const debtorId = await s.debtor();
    await s.namedLimit(policyId, debtorId, 8_000_000);
    id = (await s.requested(policyId, debtorId, { invoiceNumber: 'INV-VIEW-1', amount: 3_000_000 })).id;
  });
  afterAll(() => s.close());

  it.each(['underwriter', 'claims', 'auditor', 'analyst'] as const)('shows the receivable to the %s with every field of API.md and its ETag', async (role) => {
    const res = await s.get(`/v1/receivables/${id}`, role);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"0"');
    expect(res.body).toMatchObject({
      id,
      policyId,
      invoiceNumber: 'INV-VIEW-1',
      status: 'COVER_REQUESTED',
      step: 1,
      insured: false,
      coverVoided: false,
      disputed: false,
      currency: 'EUR',
      amount: 3_000_000,
      paid: 0,
      outstanding: 3_000_000,
      policyCurrency: 'EUR',
      coveredAmount: null,
      coverInForce: null,
      insuredLoss: null,
      indemnity: null,
      recoveredToInsurer: 0,
      recoveredToInsured: 0,
      invoiceDate: START,
      dueDate: '2026-02-14',
      alerts: [],
      revision: 0,
    });
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['debtorId', 'requestedAt', 'decidedAt', 'shippedAt', 'declaredAt', 'claimFiledAt', 'settledAt', 'closedAt']));
  });

  it('shows it to the integration feed of its own policy; a feed of another policy gets 403', async () => {
    expect((await s.get(`/v1/receivables/${id}`, 'integration', policyId)).status).toBe(200);
    await s.refused(() => s.get(`/v1/receivables/${id}`, 'integration', otherPolicyId), 403, 'FORBIDDEN');
  });

  it('refuses the admin (403) and requests without a valid token (401)', async () => {
    await s.refused(() => s.get(`/v1/receivables/${id}`, 'admin'), 403, 'FORBIDDEN');
    await s.refused(() => s.api.http.get(`/v1/receivables/${id}`), 401, 'UNAUTHENTICATED');
    await s.refused(() => s.api.http.get(`/v1/receivables/${id}`).set('Authorization', 'Bearer not-a-jwt'), 401, 'UNAUTHENTICATED');
  });

  it('answers 404 NOT_FOUND for an unknown or malformed id', async () => {
    await s.refused(() => s.get(`/v1/receivables/${UNKNOWN_ID}`), 404, 'NOT_FOUND');
    await s.refused(() => s.get('/v1/receivables/not-a-receivable'), 404, 'NOT_FOUND');
  });
});

describe('POST /v1/receivables: step 1, registration and cover request', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let otherPolicyId: string;
  let debtorId: string;
  let namedDebtorId: string;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    [policyId, otherPolicyId, debtorId, namedDebtorId] = [await s.policy(), await s.policy(), await s.debtor(), await s.debtor()];
    await s.namedLimit(policyId, namedDebtorId, 8_000_000);
  });
  afterAll(() => s.close());

  const invoice = (fields: Record<string, unknown> = {}) => s.invoice(policyId, debtorId, fields);

  it('registers the invoice and requests cover for the whole amount: 201 COVER_REQUESTED with Location and ETag; requestedAt defaults to the invoice date', async () => {
    const res = await s.register(s.invoice(policyId, namedDebtorId, { invoiceNumber: 'INV-2026-0001', invoiceDate: '2026-01-10', dueDate: '2026-03-11', amount: 6_000_000, comment: 'first order' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'COVER_REQUESTED',
      step: 1,
      revision: 0,
      position: expect.any(String),
      requestedCover: 6_000_000,
      requestedAt: '2026-01-10',
      decidedAt: null,
      coveredAmount: null,
      outstanding: 6_000_000,
    });
    expect(res.headers.etag).toBe('"0"');
    expect(res.headers.location).toBe(`/v1/receivables/${res.body.id}`);
    expect(await s.view(res.body.id)).toMatchObject({ invoiceNumber: 'INV-2026-0001', debtorId: namedDebtorId, invoiceDate: '2026-01-10', dueDate: '2026-03-11', status: 'COVER_REQUESTED' });
    expect(await s.limit(policyId, namedDebtorId)).toMatchObject({ reserved: 0 });
  });

  it('lets the integration feed of the policy register its receivables; a feed of another policy gets 403', async () => {
    expect((await s.register(invoice({ amount: 100_000 }), 'integration', policyId)).status).toBe(201);
    await s.refused(() => s.register(invoice(), 'integration', otherPolicyId), 403, 'FORBIDDEN');
  });

  it.each(['claims', 'auditor', 'analyst', 'admin'] as const)('refuses the %s (403)', async (role) => {
    await s.refused(() => s.register(invoice(), role), 403, 'FORBIDDEN');
  });

  it('refuses a request without a token (401)', async () => {
    await s.refused(() => s.api.http.post('/v1/receivables').send(invoice()), 401, 'UNAUTHENTICATED');
  });

  it.each([
    ['missing fields', () => ({ policyId, debtorId, invoiceNumber: 'INV-V-1' }), ['amount', 'currency', 'dueDate', 'invoiceDate']],
    ['mistyped fields', () => invoice({ amount: '1500', currency: 'euro', invoiceDate: '2026-02-30', policyId: 'p-1' }), ['amount', 'currency', 'invoiceDate', 'policyId']],
    ['an unknown field', () => invoice({ status: 'SHIPPED' }), ['status']],
    ['an amount of 0', () => invoice({ amount: 0 }), ['amount']],
    ['a negative requested cover', () => invoice({ requestedCover: -1 }), ['requestedCover']],
    ['an fxRate with 7 decimals', () => invoice({ currency: 'USD', fxRate: 0.9234567 }), ['fxRate']],
    ['an fxRate of 0', () => invoice({ currency: 'USD', fxRate: 0 }), ['fxRate']],
    ['a requested cover of 0', () => invoice({ requestedCover: 0 }), ['requestedCover']],
  ])('refuses %s with 400 VALIDATION_FAILED listing the fields', async (_what, body, fields) => {
    const problem = await s.refused(() => s.register(body()), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(problem)).toEqual(fields);
  });

  it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
    await s.refused(() => s.api.http.post('/v1/receivables').set(s.auth('underwriter')).set('Content-Type', 'application/json').send('{"policyId":'), 400, 'MALFORMED_JSON');
  });

  it('answers 404 NOT_FOUND for an unknown policy or debtor', async () => {
    await s.refused(() => s.register(invoice({ policyId: UNKNOWN_ID })), 404, 'NOT_FOUND');
    await s.refused(() => s.register(invoice({ debtorId: UNKNOWN_ID })), 404, 'NOT_FOUND');
  });

  describe('invoice numbers are unique per policy', () => {
    let existingId: string;
    beforeAll(async () => {
      existingId = (await s.requested(policyId, debtorId, { invoiceNumber: 'INV-DUP-1', amount: 100_000 })).id;
    });

    it('refuses the same number again under the policy with 409 DUPLICATE_INVOICE and the existing id', async () => {
      const problem = await s.refused(() => s.register(invoice({ invoiceNumber: 'INV-DUP-1', amount: 200_000 })), 409, 'DUPLICATE_INVOICE');
      expect(problem.existingId).toBe(existingId);
    });

    it('refuses it on another debtor and written in another case too', async () => {
      const problem = await s.refused(() => s.register(s.invoice(policyId, namedDebtorId, { invoiceNumber: ' inv-dup-1 ' })), 409, 'DUPLICATE_INVOICE');
      expect(problem.existingId).toBe(existingId);
    });

    it('accepts the same number under another policy', async () => {
      const res = await s.ok(s.register(s.invoice(otherPolicyId, debtorId, { invoiceNumber: 'INV-DUP-1', amount: 100_000 })), 201);
      expect(res.id).not.toBe(existingId);
    });
  });

  it('refuses an insolvent debtor: 422 DEBTOR_INSOLVENT', async () => {
    const insolvent = await s.debtor();
    await s.insolvent(insolvent, '2026-01-14');
    const problem = await s.refused(() => s.register(s.invoice(policyId, insolvent)), 422, 'DEBTOR_INSOLVENT');
    expect(problem.insolvencyDate).toBe('2026-01-14');
  });

  it('refuses a payment term over the maximum credit term (120 days by default): 422 CREDIT_TERM_EXCEEDED; 120 days is accepted', async () => {
    const problem = await s.refused(() => s.register(invoice({ dueDate: '2026-05-16' })), 422, 'CREDIT_TERM_EXCEEDED');
    expect(problem).toMatchObject({ paymentTermDays: 121, maxCreditTermDays: 120 });
    await s.ok(s.register(invoice({ dueDate: '2026-05-15', amount: 100_000 })), 201);
  });

  it("follows the policy's own maximum credit term, and refuses a due date before the invoice date", async () => {
    const shortTerms = await s.policy({ maxCreditTermDays: 60 });
    const problem = await s.refused(() => s.register(s.invoice(shortTerms, debtorId, { dueDate: '2026-03-17' })), 422, 'CREDIT_TERM_EXCEEDED');
    expect(problem).toMatchObject({ paymentTermDays: 61, maxCreditTermDays: 60 });
    await s.refused(() => s.register(invoice({ dueDate: '2026-01-14' })), 422, 'CREDIT_TERM_EXCEEDED');
  });

  it('refuses an invoice or a request dated after today: 422 FUTURE_DATE (the due date may lie in the future)', async () => {
    await s.refused(() => s.register(invoice({ invoiceDate: s.tomorrow() })), 422, 'FUTURE_DATE');
    await s.refused(() => s.register(invoice({ requestedAt: s.tomorrow() })), 422, 'FUTURE_DATE');
    await s.refused(() => s.register(invoice({ requestedAt: '2026-01-16T00:00:00Z' })), 422, 'FUTURE_DATE');
  });

  it('refuses a cover request before the invoice date: 422 DATE_OUT_OF_ORDER', async () => {
    await s.refused(() => s.register(invoice({ invoiceDate: '2026-01-10', requestedAt: '2026-01-09' })), 422, 'DATE_OUT_OF_ORDER');
  });

  it('refuses a requested cover above the amount: 422 COVER_EXCEEDS_AMOUNT', async () => {
    await s.refused(() => s.register(invoice({ amount: 1_500_000, requestedCover: 1_500_001 })), 422, 'COVER_EXCEEDS_AMOUNT');
  });

  describe('a receivable in another currency than the policy', () => {
    it('needs fxRate: a USD receivable on a EUR policy without it is 422 FX_RATE_REQUIRED', async () => {
      await s.refused(() => s.register(invoice({ currency: 'USD', amount: 1_000_000 })), 422, 'FX_RATE_REQUIRED');
    });

    it('refuses fxRate on a receivable in the policy currency: 422 FX_RATE_NOT_APPLICABLE', async () => {
      await s.refused(() => s.register(invoice({ currency: 'EUR', fxRate: 1 })), 422, 'FX_RATE_NOT_APPLICABLE');
    });

    it('with fxRate, requests the amount converted to the policy currency (USD 10,000.00 × 0.92 = EUR 9,200.00) and reserves that', async () => {
      const buyer = await s.debtor();
      const res = await s.ok(s.register(s.invoice(policyId, buyer, { currency: 'USD', amount: 1_000_000, fxRate: 0.92 })), 201);
      expect(res).toMatchObject({ currency: 'USD', amount: 1_000_000, outstanding: 1_000_000, policyCurrency: 'EUR', fxRate: 0.92, requestedCover: 920_000, coveredAmount: 920_000, status: 'COVER_GRANTED' });
      expect(await s.limit(policyId, buyer)).toMatchObject({ reserved: 920_000 });
    });

    it('rounds the conversion half-up once (USD 20,000.01 × 0.5 = EUR 10,000.005 → 10,000.01)', async () => {
      const res = await s.ok(s.register(s.invoice(policyId, await s.debtor(), { currency: 'USD', amount: 2_000_001, fxRate: 0.5 })), 201);
      expect(res.requestedCover).toBe(1_000_001);
    });
  });
});

describe('automatic cover under the discretionary limit (20,000.00 by default)', () => {
  let s: ReceivableScenario;
  let policyId: string;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    policyId = await s.policy();
  });
  afterAll(() => s.close());

  describe('on a debtor with no named limit', () => {
    let debtorId: string;
    beforeAll(async () => {
      debtorId = await s.debtor();
    });

    it('grants a request within the headroom at once, decided on the request date, and reserves it on the credit limit', async () => {
      const res = await s.ok(s.register(s.invoice(policyId, debtorId, { invoiceDate: '2026-01-10', requestedAt: '2026-01-12', amount: 1_500_000 })), 201);
      expect(res).toMatchObject({ status: 'COVER_GRANTED', step: 2, coverDecision: 'GRANTED', coveredAmount: 1_500_000, requestedAt: '2026-01-12', decidedAt: '2026-01-12', coverValidUntil: '2026-02-09', revision: 1 });
      const events = await s.api.store.readStream(`receivable-${res.id}`);
      expect(events.map((e) => [e.type, e.data.automatic])).toEqual([
        ['ReceivableRegistered', undefined],
        ['CoverGranted', true],
      ]);
      expect(await s.limit(policyId, debtorId)).toMatchObject({ discretionary: true, limitInForce: 2_000_000, reserved: 1_500_000, available: 500_000 });
    });

    it('leaves a request beyond the headroom left to an underwriter, reserving nothing', async () => {
      const res = await s.requested(policyId, debtorId, { amount: 500_001 });
      expect(res).toMatchObject({ status: 'COVER_REQUESTED', coveredAmount: null });
      expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 1_500_000 });
    });

    it('grants a request of exactly the headroom left', async () => {
      expect(await s.requested(policyId, debtorId, { amount: 500_000 })).toMatchObject({ status: 'COVER_GRANTED', coveredAmount: 500_000 });
      expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 2_000_000, available: 0 });
    });
  });

  describe('on a debtor with a named limit', () => {
    it('grants a request up to 20,000.00 that fits the headroom at once, in full; a smaller requested cover is what is granted', async () => {
      const debtorId = await s.debtor();
      await s.namedLimit(policyId, debtorId, 10_000_000);
      expect(await s.requested(policyId, debtorId, { amount: 2_000_000 })).toMatchObject({ status: 'COVER_GRANTED', coveredAmount: 2_000_000, decidedAt: START });
      expect(await s.requested(policyId, debtorId, { amount: 6_000_000, requestedCover: 1_000_000 })).toMatchObject({ status: 'COVER_GRANTED', requestedCover: 1_000_000, coveredAmount: 1_000_000 });
      expect(await s.limit(policyId, debtorId)).toMatchObject({ discretionary: false, reserved: 3_000_000, available: 7_000_000 });
    });

    it('leaves a request above 20,000.00 to an underwriter although the named limit has room', async () => {
      const debtorId = await s.debtor();
      await s.namedLimit(policyId, debtorId, 10_000_000);
      expect(await s.requested(policyId, debtorId, { amount: 2_000_001 })).toMatchObject({ status: 'COVER_REQUESTED' });
      expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 0 });
    });

    it("leaves a request up to 20,000.00 beyond the named limit's headroom to an underwriter", async () => {
      const debtorId = await s.debtor();
      await s.namedLimit(policyId, debtorId, 3_000_000);
      expect(await s.requested(policyId, debtorId, { amount: 1_500_000 })).toMatchObject({ status: 'COVER_GRANTED' });
      expect(await s.requested(policyId, debtorId, { amount: 1_800_000 })).toMatchObject({ status: 'COVER_REQUESTED' });
      expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 1_500_000, available: 1_500_000 });
    });

    it('a named limit of 0 replaces the discretionary limit: nothing is granted at once', async () => {
      const debtorId = await s.debtor();
      await s.namedLimit(policyId, debtorId, 0);
      expect(await s.requested(policyId, debtorId, { amount: 100_000 })).toMatchObject({ status: 'COVER_REQUESTED' });
    });
  });
});

describe('POST /v1/receivables/:id/cover-decision: step 2 by an underwriter', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let debtorId: string;
  let partial: string;
  let beyond: string;
  let refusal: string;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    policyId = await s.policy();
    debtorId = await s.debtor();
    await s.namedLimit(policyId, debtorId, 8_000_000);
    partial = (await s.requested(policyId, debtorId, { amount: 6_000_000, dueDate: '2026-03-16' })).id;
    beyond = (await s.requested(policyId, debtorId, { amount: 4_000_000 })).id;
    refusal = (await s.requested(policyId, debtorId, { amount: 2_500_000 })).id;
  });
  afterAll(() => s.close());

  const decide = (id: string, body: object) => s.act(id, 'cover-decision', body, 'underwriter');

  it('refuses a decision dated after today (FUTURE_DATE) or before the cover request (DATE_OUT_OF_ORDER)', async () => {
    await s.refused(() => decide(partial, { decision: 'PARTIAL', amount: 5_000_000, decidedAt: s.tomorrow() }), 422, 'FUTURE_DATE');
    await s.refused(() => decide(partial, { decision: 'PARTIAL', amount: 5_000_000, decidedAt: '2026-01-14' }), 422, 'DATE_OUT_OF_ORDER');
  });

  it.each([
    ['GRANTED with another amount than requested', { decision: 'GRANTED', amount: 5_000_000 }],
    ['PARTIAL without an amount', { decision: 'PARTIAL' }],
    ['PARTIAL of the whole amount requested', { decision: 'PARTIAL', amount: 6_000_000 }],
    ['PARTIAL of 0', { decision: 'PARTIAL', amount: 0 }],
    ['REFUSED with an amount', { decision: 'REFUSED', amount: 100 }],
  ])('refuses %s: 422 INVALID_COVER_AMOUNT', async (_what, body) => {
    await s.refused(() => decide(partial, body), 422, 'INVALID_COVER_AMOUNT');
  });

  it('refuses a validity ending before the decision: 422 INVALID_PERIOD', async () => {
    await s.refused(() => decide(partial, { decision: 'PARTIAL', amount: 5_000_000, validUntil: '2026-01-14' }), 422, 'INVALID_PERIOD');
  });

  it('grants in part on the next day: COVER_GRANTED with amount, validity and conditions, reserved on the limit', async () => {
    await s.on('2026-01-16');
    const res = await s.ok(decide(partial, { decision: 'PARTIAL', amount: 5_000_000, validUntil: '2026-12-31', conditions: ['letter of credit above 40,000.00'], reason: 'rating 5', decidedAt: '2026-01-16' }));
    expect(res).toMatchObject({ status: 'COVER_GRANTED', step: 2, coverDecision: 'PARTIAL', coveredAmount: 5_000_000, coverValidUntil: '2026-12-31', decidedAt: '2026-01-16', revision: 1 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 5_000_000, available: 3_000_000 });
  });

  it('never grants beyond the headroom: 422 INSUFFICIENT_HEADROOM, nothing reserved', async () => {
    const problem = await s.refused(() => decide(beyond, { decision: 'GRANTED' }), 422, 'INSUFFICIENT_HEADROOM');
    expect(problem).toMatchObject({ available: 3_000_000 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 5_000_000 });
    expect(await s.view(beyond)).toMatchObject({ status: 'COVER_REQUESTED' });
  });

  it('grants what the headroom allows', async () => {
    expect(await s.ok(decide(beyond, { decision: 'PARTIAL', amount: 3_000_000 }))).toMatchObject({ status: 'COVER_GRANTED', coveredAmount: 3_000_000 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 8_000_000, available: 0 });
  });

  it('REFUSED: COVER_REFUSED with no cover and nothing reserved', async () => {
    const res = await s.ok(decide(refusal, { decision: 'REFUSED', reason: 'no headroom left' }));
    expect(res).toMatchObject({ status: 'COVER_REFUSED', step: 2, coverDecision: 'REFUSED', coveredAmount: 0, coverValidUntil: null, decidedAt: '2026-01-16' });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 8_000_000 });
  });

  it('GRANTED is the amount requested, valid until the due date and decided now unless told otherwise', async () => {
    const other = await s.debtor();
    await s.namedLimit(policyId, other, 8_000_000);
    const { id, dueDate } = await s.requested(policyId, other, { amount: 2_500_000 });
    const res = await s.ok(decide(id, { decision: 'GRANTED' }));
    expect(res).toMatchObject({ coverDecision: 'GRANTED', coveredAmount: 2_500_000, coverValidUntil: dueDate, decidedAt: '2026-01-16' });
    expect(await s.limit(policyId, other)).toMatchObject({ reserved: 2_500_000 });
  });

  it('refuses a decision sent with a stale If-Match: 409 CONCURRENCY_CONFLICT, nothing reserved', async () => {
    const other = await s.debtor();
    await s.namedLimit(policyId, other, 8_000_000);
    const { id } = await s.requested(policyId, other, { amount: 2_500_000 });
    await s.refused(() => decide(id, { decision: 'GRANTED' }).set('If-Match', '"7"'), 409, 'CONCURRENCY_CONFLICT');
    expect(await s.limit(policyId, other)).toMatchObject({ reserved: 0 });
  });

  it('a cover is decided once: deciding again is 422 INVALID_TRANSITION', async () => {
    await s.refused(() => decide(partial, { decision: 'PARTIAL', amount: 4_000_000 }), 422, 'INVALID_TRANSITION');
    await s.refused(() => decide(refusal, { decision: 'GRANTED' }), 422, 'INVALID_TRANSITION');
  });
});

describe('POST /v1/receivables/:id/shipment: step 3', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let otherPolicyId: string;
  let insured: string;
  let fedByIntegration: string;
  let refusedCover: string;
  let pending: string;
  let decidedLater: string;
  let insolvent: { id: string; debtorId: string };
  let shortCover: string;
  let lastDay: { id: string; debtorId: string };
  let laterDebtor: string;

  /** A debtor whose named limit makes requests over 20,000.00 wait for an underwriter. */
  const namedDebtor = async () => {
    const id = await s.debtor();
    await s.namedLimit(policyId, id, 8_000_000);
    return id;
  };
  const ship = (id: string, shippedAt = s.today, role: Role = 'underwriter', policy?: string) => s.act(id, 'shipment', { shippedAt }, role, policy);

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    [policyId, otherPolicyId] = [await s.policy(), await s.policy()];
    const buyer = await s.debtor();
    insured = await s.granted(policyId, buyer, { amount: 1_500_000 });
    fedByIntegration = await s.granted(policyId, buyer, { amount: 500_000 });
    refusedCover = await s.granted(policyId, await namedDebtor(), { amount: 3_000_000 }, { decision: 'REFUSED' });
    pending = (await s.requested(policyId, await namedDebtor(), { amount: 3_000_000 })).id;
    laterDebtor = await namedDebtor();
    decidedLater = (await s.requested(policyId, laterDebtor, { amount: 3_000_000 })).id;
    insolvent = { debtorId: await s.debtor(), id: '' };
    insolvent.id = await s.granted(policyId, insolvent.debtorId, { amount: 1_500_000 });
    shortCover = await s.granted(policyId, await namedDebtor(), { amount: 3_000_000 }, { decision: 'PARTIAL', amount: 2_000_000, validUntil: '2026-01-19' });
    lastDay = { debtorId: await namedDebtor(), id: '' };
    lastDay.id = await s.granted(policyId, lastDay.debtorId, { amount: 3_000_000 }, { decision: 'PARTIAL', amount: 2_000_000, validUntil: START });
  });
  afterAll(() => s.close());

  it('refuses a shipment dated after today: 422 FUTURE_DATE', async () => {
    await s.refused(() => ship(insured, s.tomorrow()), 422, 'FUTURE_DATE');
  });

  it('a refused shipment dated tomorrow leaves the reservation of a cover valid until today alone; shipped today it is insured and stays reserved', async () => {
    expect((await ship(lastDay.id, s.tomorrow())).body).toMatchObject({ status: 422, code: 'FUTURE_DATE' });
    const afterRefusal = await s.limit(policyId, lastDay.debtorId);
    expect(await s.ok(ship(lastDay.id))).toMatchObject({ insured: true, coverInForce: 2_000_000 });
    const afterShipment = await s.limit(policyId, lastDay.debtorId);
    expect({ afterRefusal: afterRefusal.reserved, afterShipment: afterShipment.reserved }).toEqual({ afterRefusal: 2_000_000, afterShipment: 2_000_000 });
  });

  it('records a shipment before the cover decision uninsured (insured: false), and no decision follows it', async () => {
    const res = await s.ok(ship(pending));
    expect(res).toMatchObject({ status: 'SHIPPED', step: 3, insured: false, coverInForce: 0, uninsuredReason: 'SHIPPED_BEFORE_DECISION', shippedAt: START });
    await s.refused(() => s.act(pending, 'cover-decision', { decision: 'GRANTED' }, 'underwriter'), 422, 'INVALID_TRANSITION');
  });

  it('records a shipment dated before the decision uninsured and releases the reservation', async () => {
    await s.on('2026-01-16');
    await s.ok(s.act(decidedLater, 'cover-decision', { decision: 'GRANTED', decidedAt: '2026-01-16' }, 'underwriter'));
    expect(await s.limit(policyId, laterDebtor)).toMatchObject({ reserved: 3_000_000 });
    const res = await s.ok(ship(decidedLater, '2026-01-15'));
    expect(res).toMatchObject({ insured: false, coverInForce: 0, uninsuredReason: 'SHIPPED_BEFORE_DECISION' });
    expect(await s.limit(policyId, laterDebtor)).toMatchObject({ reserved: 0 });
  });

  it('insures a shipment on granted cover within its validity: the cover in force is the cover granted, still reserved', async () => {
    await s.on('2026-01-20');
    const res = await ship(insured);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({ status: 'SHIPPED', step: 3, insured: true, coverInForce: 1_500_000, coveredAmount: 1_500_000, uninsuredReason: null, shippedAt: '2026-01-20', revision: 2 });
    expect(await s.limit(policyId, res.body.debtorId)).toMatchObject({ reserved: 2_000_000 });
  });

  it('lets the integration feed of the policy confirm shipments; a feed of another policy gets 403', async () => {
    await s.refused(() => ship(fedByIntegration, s.today, 'integration', otherPolicyId), 403, 'FORBIDDEN');
    expect(await s.ok(ship(fedByIntegration, s.today, 'integration', policyId))).toMatchObject({ insured: true, coverInForce: 500_000 });
  });

  it('records a shipment after a refusal uninsured, with nothing reserved', async () => {
    const res = await s.ok(ship(refusedCover));
    expect(res).toMatchObject({ status: 'SHIPPED', insured: false, coverInForce: 0, uninsuredReason: 'COVER_REFUSED' });
    expect(await s.limit(policyId, res.debtorId)).toMatchObject({ reserved: 0 });
  });

  it("records a shipment once the debtor is insolvent uninsured, and releases the cover's reservation", async () => {
    await s.insolvent(insolvent.debtorId, '2026-01-18');
    expect(await s.limit(policyId, insolvent.debtorId)).toMatchObject({ reserved: 1_500_000 });
    const res = await s.ok(ship(insolvent.id));
    expect(res).toMatchObject({ insured: false, coverInForce: 0, uninsuredReason: 'DEBTOR_INSOLVENT' });
    expect(await s.limit(policyId, insolvent.debtorId)).toMatchObject({ reserved: 0 });
  });

  it("records a shipment after the cover's validity uninsured, with nothing reserved", async () => {
    const res = await s.ok(ship(shortCover));
    expect(res).toMatchObject({ insured: false, coverInForce: 0, uninsuredReason: 'COVER_EXPIRED' });
    expect(await s.limit(policyId, res.debtorId)).toMatchObject({ reserved: 0 });
  });

  it('a receivable ships once: 422 INVALID_TRANSITION', async () => {
    await s.refused(() => ship(insured), 422, 'INVALID_TRANSITION');
  });
});

describe('the cover in force at shipment after a credit-limit reduction', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let debtorId: string;
  let first: string;
  let beforeEffect: string;
  let afterEffect: string;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    policyId = await s.policy();
    debtorId = await s.debtor();
    await s.namedLimit(policyId, debtorId, 9_000_000);
    const due = { dueDate: '2026-03-16' };
    first = await s.granted(policyId, debtorId, { amount: 6_000_000, ...due }, { decision: 'PARTIAL', amount: 5_000_000, validUntil: '2026-12-31' });
    afterEffect = await s.granted(policyId, debtorId, { amount: 3_000_000, ...due }, { decision: 'GRANTED', validUntil: '2026-12-31' });
    beforeEffect = await s.granted(policyId, debtorId, { amount: 1_000_000, ...due }); // within 20,000.00 and the headroom: granted at once
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 9_000_000, available: 0 });
  });
  afterAll(() => s.close());

  it('a reduction noticed on 2026-01-20 takes effect 30 days later and cancels no reservation', async () => {
    await s.on('2026-01-20');
    expect(await s.ok(s.act(first, 'shipment', { shippedAt: '2026-01-20' }, 'underwriter'))).toMatchObject({ insured: true, coverInForce: 5_000_000 });
    await s.ok(s.post(`/v1/policies/${policyId}/credit-limits/${debtorId}/reductions`, { amount: 7_000_000, noticeDate: '2026-01-20' }));
    expect(await s.ok(s.get(`/v1/policies/${policyId}/credit-limits/${debtorId}?on=2026-02-19`))).toMatchObject({ limitInForce: 7_000_000, reserved: 9_000_000, available: 0 });
  });

  it('a shipment before the reduction takes effect keeps the whole granted cover', async () => {
    await s.on('2026-02-18');
    expect(await s.ok(s.act(beforeEffect, 'shipment', { shippedAt: '2026-02-18' }, 'underwriter'))).toMatchObject({ insured: true, coverInForce: 1_000_000 });
  });

  it('after it took effect, the cover in force = min(granted, limit in force − the other shipped reservations) and the reservation drops to it', async () => {
    await s.on('2026-02-20');
    const res = await s.ok(s.act(afterEffect, 'shipment', { shippedAt: '2026-02-20' }, 'underwriter'));
    // 70,000.00 − (50,000.00 + 10,000.00) = 10,000.00 of the 30,000.00 granted
    expect(res).toMatchObject({ insured: true, coveredAmount: 3_000_000, coverInForce: 1_000_000 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ limitInForce: 7_000_000, reserved: 7_000_000, available: 0 });
  });

  it('no new cover is granted at once while the limit is used up', async () => {
    expect(await s.requested(policyId, debtorId, { amount: 100_000 })).toMatchObject({ status: 'COVER_REQUESTED' });
  });
});

describe('POST /v1/receivables/:id/payments', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let otherPolicyId: string;
  let debtorId: string;
  let shipped: string;
  let refusedCover: string;
  let closed: string;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    [policyId, otherPolicyId, debtorId] = [await s.policy(), await s.policy(), await s.debtor()];
    shipped = await s.shipped(policyId, debtorId, { amount: 1_500_000 });
    const named = await s.debtor();
    await s.namedLimit(policyId, named, 8_000_000);
    refusedCover = await s.granted(policyId, named, { amount: 3_000_000 }, { decision: 'REFUSED' });
    await s.ok(s.act(refusedCover, 'shipment', { shippedAt: START }, 'underwriter'));
    closed = await s.granted(policyId, await s.debtor(), { amount: 100_000 });
    await s.ok(s.act(closed, 'closure', { closedAt: START, reason: 'order cancelled' }));
    await s.on('2026-02-01');
  });
  afterAll(() => s.close());

  const pay = (id: string, amount: number, role: Role = 'claims', policy?: string, receivedAt = s.today) => s.act(id, 'payments', { amount, receivedAt, reference: `transfer ${amount}` }, role, policy);

  it('reduces the outstanding, and the reservation with it so that the limit is freed for new business', async () => {
    const res = await s.ok(pay(shipped, 500_000));
    expect(res).toMatchObject({ status: 'SHIPPED', amount: 1_500_000, paid: 500_000, payments: 500_000, outstanding: 1_000_000 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 1_000_000 });
  });

  it('accepts payments reported by an underwriter and by the integration feed of the policy; a feed of another policy gets 403', async () => {
    await s.ok(pay(shipped, 100_000, 'underwriter'));
    await s.refused(() => pay(shipped, 100_000, 'integration', otherPolicyId), 403, 'FORBIDDEN');
    expect(await s.ok(pay(shipped, 100_000, 'integration', policyId))).toMatchObject({ outstanding: 800_000 });
  });

  it('refuses a payment dated after today: 422 FUTURE_DATE', async () => {
    await s.refused(() => pay(shipped, 100, 'claims', undefined, s.tomorrow()), 422, 'FUTURE_DATE');
  });

  it('refuses more than the outstanding: 422 OVERPAYMENT', async () => {
    const problem = await s.refused(() => pay(shipped, 800_001), 422, 'OVERPAYMENT');
    expect(problem.outstanding).toBe(800_000);
  });

  it('a payment to zero settles it on its date (SETTLED) and releases its reservation', async () => {
    expect(await s.ok(pay(shipped, 800_000))).toMatchObject({ status: 'SETTLED', outstanding: 0, paid: 1_500_000, settledAt: '2026-02-01', step: 3 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 0, available: 2_000_000 });
  });

  it('a settled receivable takes no more money: 422 OVERPAYMENT', async () => {
    await s.refused(() => pay(shipped, 1), 422, 'OVERPAYMENT');
  });

  it('a refused receivable, shipped uninsured, can still be paid', async () => {
    expect(await s.ok(pay(refusedCover, 3_000_000))).toMatchObject({ status: 'SETTLED', insured: false });
  });

  it('a closed receivable takes no payment: 422 INVALID_TRANSITION', async () => {
    await s.refused(() => pay(closed, 100), 422, 'INVALID_TRANSITION');
  });

  it('a payment in the receivable currency lowers the reservation in the policy currency (USD 5,000.00 × 0.92 = EUR 4,600.00 left)', async () => {
    const buyer = await s.debtor();
    const id = await s.shipped(policyId, buyer, { currency: 'USD', amount: 1_000_000, fxRate: 0.92 });
    expect(await s.ok(pay(id, 500_000))).toMatchObject({ currency: 'USD', outstanding: 500_000, coverInForce: 920_000 });
    expect(await s.limit(policyId, buyer)).toMatchObject({ reserved: 460_000 });
  });

  it('refuses a stale If-Match with 409 CONCURRENCY_CONFLICT and accepts the current revision', async () => {
    const id = await s.shipped(policyId, await s.debtor(), { amount: 100_000 });
    await s.refused(() => pay(id, 100).set('If-Match', '"1"'), 409, 'CONCURRENCY_CONFLICT');
    expect((await pay(id, 100).set('If-Match', '"2"')).headers.etag).toBe('"3"');
  });
});

describe('POST /v1/receivables/:id/disputes and /disputes/resolution', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let otherPolicyId: string;
  let upheld: { id: string; debtorId: string };
  let cancelled: { id: string; debtorId: string };
  let undisputed: string;

  const openDispute = (id: string, openedAt = s.today, role: Role = 'claims', policy?: string) => s.act(id, 'disputes', { openedAt, reason: 'goods damaged on delivery' }, role, policy);
  const resolve = (id: string, outcome: 'UPHELD' | 'CANCELLED', resolvedAt = s.today) => s.act(id, 'disputes/resolution', { resolvedAt, outcome });

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    [policyId, otherPolicyId] = [await s.policy(), await s.policy()];
    const shippedOnNewDebtor = async () => {
      const debtorId = await s.debtor();
      return { debtorId, id: await s.shipped(policyId, debtorId) };
    };
    upheld = await shippedOnNewDebtor();
    cancelled = await shippedOnNewDebtor();
    undisputed = (await shippedOnNewDebtor()).id;
    await s.on('2026-01-20');
  });
  afterAll(() => s.close());

  it('opening a dispute suspends the cover: disputed, status unchanged', async () => {
    expect(await s.ok(openDispute(upheld.id))).toMatchObject({ status: 'SHIPPED', disputed: true, insured: true });
  });

  it('lets the integration feed of the policy open one; a feed of another policy gets 403', async () => {
    await s.refused(() => openDispute(cancelled.id, s.today, 'integration', otherPolicyId), 403, 'FORBIDDEN');
    expect(await s.ok(openDispute(cancelled.id, s.today, 'integration', policyId))).toMatchObject({ disputed: true });
  });

  it('an invoice is disputed once at a time: 422 INVALID_TRANSITION', async () => {
    await s.refused(() => openDispute(upheld.id), 422, 'INVALID_TRANSITION');
  });

  it('refuses a dispute dated before the invoice (DATE_OUT_OF_ORDER) or after today (FUTURE_DATE)', async () => {
    await s.refused(() => openDispute(undisputed, '2026-01-14'), 422, 'DATE_OUT_OF_ORDER');
    await s.refused(() => openDispute(undisputed, s.tomorrow()), 422, 'FUTURE_DATE');
  });

  it('refuses to resolve where no dispute is open: 422 INVALID_TRANSITION', async () => {
    await s.refused(() => resolve(undisputed, 'UPHELD'), 422, 'INVALID_TRANSITION');
  });

  it('refuses a resolution dated before the dispute (DATE_OUT_OF_ORDER) or after today (FUTURE_DATE)', async () => {
    await s.refused(() => resolve(upheld.id, 'UPHELD', '2026-01-19'), 422, 'DATE_OUT_OF_ORDER');
    await s.refused(() => resolve(upheld.id, 'UPHELD', s.tomorrow()), 422, 'FUTURE_DATE');
  });

  it('a claim on a disputed invoice is refused: 422 COVER_SUSPENDED', async () => {
    await s.on('2026-02-01');
    await s.insolvent(upheld.debtorId);
    await s.refused(() => s.act(upheld.id, 'claims', { reason: 'INSOLVENCY', filedAt: '2026-02-01' }), 422, 'COVER_SUSPENDED');
  });

  it('UPHELD: the debt stands and the cover is restored, so the claim is accepted', async () => {
    expect(await s.ok(resolve(upheld.id, 'UPHELD'))).toMatchObject({ status: 'SHIPPED', disputed: false });
    expect(await s.ok(s.act(upheld.id, 'claims', { reason: 'INSOLVENCY', filedAt: '2026-02-01' }), 201)).toMatchObject({ status: 'CLAIM_FILED', dateOfLoss: '2026-02-01' });
  });

  it('CANCELLED: the debt is void, the receivable CLOSED and its reservation released', async () => {
    expect(await s.limit(policyId, cancelled.debtorId)).toMatchObject({ reserved: 1_500_000 });
    expect(await s.ok(resolve(cancelled.id, 'CANCELLED'))).toMatchObject({ status: 'CLOSED', disputed: false, closedAt: '2026-02-01' });
    expect(await s.limit(policyId, cancelled.debtorId)).toMatchObject({ reserved: 0 });
  });

  it('a closed receivable is neither disputed nor resolved: 422 INVALID_TRANSITION', async () => {
    await s.refused(() => openDispute(cancelled.id), 422, 'INVALID_TRANSITION');
    await s.refused(() => resolve(cancelled.id, 'UPHELD'), 422, 'INVALID_TRANSITION');
  });
});

describe('POST /v1/receivables/:id/overdue-declaration (deadline: due + 60 days)', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let otherPolicyId: string;
  let inTime: string;
  let byIntegration: string;
  let onDeadline: string;
  let late: { id: string; debtorId: string };
  let claimed: { id: string; debtorId: string };
  let unshipped: string;

  const declare = (id: string, declaredAt = s.today, role: Role = 'claims', policy?: string) => s.act(id, 'overdue-declaration', { declaredAt }, role, policy);

  beforeAll(async () => {
    s = await ReceivableScenario.start(START); // invoices of 2026-01-15, due 2026-02-14: deadline 2026-04-15
    [policyId, otherPolicyId] = [await s.policy(), await s.policy()];
    const shippedOnNewDebtor = async () => {
      const debtorId = await s.debtor();
      return { debtorId, id: await s.shipped(policyId, debtorId) };
    };
    inTime = (await shippedOnNewDebtor()).id;
    byIntegration = (await shippedOnNewDebtor()).id;
    onDeadline = (await shippedOnNewDebtor()).id;
    late = await shippedOnNewDebtor();
    claimed = await shippedOnNewDebtor();
    unshipped = await s.granted(policyId, await s.debtor());
  });
  afterAll(() => s.close());

  it('on the due date the receivable is not overdue: 422 NOT_OVERDUE', async () => {
    await s.on('2026-02-14');
    await s.refused(() => declare(inTime), 422, 'NOT_OVERDUE');
  });

  it('an unshipped receivable has no overdue to declare: 422 INVALID_TRANSITION', async () => {
    await s.on('2026-02-20');
    await s.refused(() => declare(unshipped), 422, 'INVALID_TRANSITION');
  });

  it('refuses a declaration dated after today: 422 FUTURE_DATE', async () => {
    await s.refused(() => declare(inTime, s.tomorrow()), 422, 'FUTURE_DATE');
  });

  it('declared in time: OVERDUE at step 5, the cover kept', async () => {
    expect(await s.ok(declare(inTime))).toMatchObject({ status: 'OVERDUE', step: 5, declaredAt: '2026-02-20', overdueSince: '2026-02-15', coverVoided: false });
  });

  it('lets the integration feed of the policy declare; a feed of another policy gets 403', async () => {
    await s.refused(() => declare(byIntegration, s.today, 'integration', otherPolicyId), 403, 'FORBIDDEN');
    expect(await s.ok(declare(byIntegration, s.today, 'integration', policyId))).toMatchObject({ declaredAt: '2026-02-20', coverVoided: false });
  });

  it('an overdue is declared once: 409 DUPLICATE_DECLARATION', async () => {
    await s.refused(() => declare(inTime), 409, 'DUPLICATE_DECLARATION');
  });

  it('once a claim is filed it stands in for the declaration: 422 INVALID_TRANSITION', async () => {
    await s.insolvent(claimed.debtorId);
    await s.ok(s.act(claimed.id, 'claims', { reason: 'INSOLVENCY', filedAt: s.today }), 201);
    await s.refused(() => declare(claimed.id), 422, 'INVALID_TRANSITION');
  });

  it('on the deadline itself (due + 60) it is still in time', async () => {
    await s.on('2026-04-15');
    expect(await s.ok(declare(onDeadline))).toMatchObject({ declaredAt: '2026-04-15', coverVoided: false });
  });

  it('a late declaration (after due + 60) is recorded and voids the cover (coverVoided: true), releasing its reservation', async () => {
    await s.on('2026-04-16');
    expect(await s.ok(declare(late.id))).toMatchObject({ declaredAt: '2026-04-16', coverVoided: true, coverVoidedAt: '2026-04-16' });
    expect(await s.limit(policyId, late.debtorId)).toMatchObject({ reserved: 0 });
  });

  it('a claim on the voided cover is refused: 422 COVER_VOIDED', async () => {
    await s.insolvent(late.debtorId);
    const problem = await s.refused(() => s.act(late.id, 'claims', { reason: 'INSOLVENCY', filedAt: s.today }), 422, 'COVER_VOIDED');
    expect(problem.voidedOn).toBe('2026-04-16');
  });
});

describe('POST /v1/receivables/:id/collection and /collection-recoveries', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let debtorId: string;
  let handedOver: string;
  let disputed: string;
  let notHandedOver: string;
  let unshipped: string;

  const handOver = (id: string, handedOverAt = s.today) => s.act(id, 'collection', { handedOverAt, agency: 'Recouvrement SA' });
  const recover = (id: string, amount: number, recoveredAt = s.today) => s.act(id, 'collection-recoveries', { amount, recoveredAt });

  beforeAll(async () => {
    s = await ReceivableScenario.start(START); // due 2026-02-14
    policyId = await s.policy();
    debtorId = await s.debtor();
    handedOver = await s.shipped(policyId, debtorId);
    disputed = await s.shipped(policyId, await s.debtor());
    await s.ok(s.act(disputed, 'disputes', { openedAt: START, reason: 'wrong goods' }));
    notHandedOver = await s.shipped(policyId, await s.debtor());
    unshipped = await s.granted(policyId, await s.debtor());
  });
  afterAll(() => s.close());

  it('not before the receivable is overdue: 422 NOT_OVERDUE', async () => {
    await s.on('2026-02-14');
    await s.refused(() => handOver(handedOver), 422, 'NOT_OVERDUE');
  });

  it('an unshipped or disputed receivable is not handed over: 422 INVALID_TRANSITION', async () => {
    await s.on('2026-02-20');
    await s.refused(() => handOver(unshipped), 422, 'INVALID_TRANSITION');
    await s.refused(() => handOver(disputed), 422, 'INVALID_TRANSITION');
  });

  it('refuses a hand-over dated after today: 422 FUTURE_DATE', async () => {
    await s.refused(() => handOver(handedOver, s.tomorrow()), 422, 'FUTURE_DATE');
  });

  it('a claims handler hands it to collection before due + 30: IN_COLLECTION at step 5', async () => {
    expect(await s.ok(handOver(handedOver))).toMatchObject({ status: 'IN_COLLECTION', step: 5, handedOverAt: '2026-02-20', overdueSince: '2026-02-15' });
  });

  it('it is handed over once: 422 INVALID_TRANSITION', async () => {
    await s.refused(() => handOver(handedOver), 422, 'INVALID_TRANSITION');
  });

  it('a collection recovery needs the receivable in collection (INVALID_TRANSITION) and is not dated before the hand-over (DATE_OUT_OF_ORDER)', async () => {
    await s.refused(() => recover(notHandedOver, 100_000), 422, 'INVALID_TRANSITION');
    await s.refused(() => recover(handedOver, 100_000, '2026-02-19'), 422, 'DATE_OUT_OF_ORDER');
  });

  it('collection recoveries reduce the outstanding and the reservation', async () => {
    await s.on('2026-03-01');
    expect(await s.ok(recover(handedOver, 500_000))).toMatchObject({ status: 'IN_COLLECTION', collectionRecovered: 500_000, paid: 500_000, outstanding: 1_000_000 });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 1_000_000 });
  });

  it('refuses more than the outstanding (OVERPAYMENT) and a recovery dated after today (FUTURE_DATE)', async () => {
    expect(await s.refused(() => recover(handedOver, 1_000_001), 422, 'OVERPAYMENT')).toMatchObject({ outstanding: 1_000_000 });
    await s.refused(() => recover(handedOver, 100, s.tomorrow()), 422, 'FUTURE_DATE');
  });

  it('recovering the rest settles it and releases its reservation', async () => {
    expect(await s.ok(recover(handedOver, 1_000_000))).toMatchObject({ status: 'SETTLED', outstanding: 0, settledAt: '2026-03-01' });
    expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 0 });
  });
});

describe('POST /v1/receivables/:id/claims: INSOLVENCY, and what no claim may be filed on', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let otherPolicyId: string;
  let partlyPaid: string;
  let filedByIntegration: string;
  let solventDebtor: string;
  let uninsured: string;
  let unshipped: string;

  const file = (id: string, body: object = {}, role: Role = 'claims', policy?: string) => s.act(id, 'claims', { reason: 'INSOLVENCY', filedAt: s.today, ...body }, role, policy);

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    [policyId, otherPolicyId] = [await s.policy(), await s.policy()];
    const insolventDebtor = await s.debtor();
    partlyPaid = await s.shipped(policyId, insolventDebtor, { amount: 1_500_000 });
    filedByIntegration = await s.shipped(policyId, insolventDebtor, { amount: 500_000 });
    solventDebtor = await s.shipped(policyId, await s.debtor());
    const named = await s.debtor();
    await s.namedLimit(policyId, named, 8_000_000);
    uninsured = await s.granted(policyId, named, { amount: 3_000_000 }, { decision: 'REFUSED' });
    await s.ok(s.act(uninsured, 'shipment', { shippedAt: START }, 'underwriter'));
    unshipped = await s.granted(policyId, named, { amount: 3_000_000 });
    await s.on('2026-01-20');
    await s.ok(s.act(partlyPaid, 'payments', { amount: 500_000, receivedAt: '2026-01-20', reference: 'part' }));
    await s.on('2026-02-01');
    await s.insolvent(insolventDebtor);
    await s.insolvent(named);
    await s.on('2026-02-03');
  });
  afterAll(() => s.close());

  it('an INSOLVENCY claim on a debtor that is not insolvent is 422 CLAIM_NOT_YET_ELIGIBLE', async () => {
    await s.refused(() => file(solventDebtor), 422, 'CLAIM_NOT_YET_ELIGIBLE');
  });

  it('an INSOLVENCY claim dated before the insolvency is 422 CLAIM_NOT_YET_ELIGIBLE', async () => {
    await s.refused(() => file(partlyPaid, { filedAt: '2026-01-31' }), 422, 'CLAIM_NOT_YET_ELIGIBLE');
  });

  it('refuses a claim dated after today: 422 FUTURE_DATE', async () => {
    await s.refused(() => file(partlyPaid, { filedAt: s.tomorrow() }), 422, 'FUTURE_DATE');
  });

  it('files an insolvency claim from the insolvency date: 201 CLAIM_FILED at step 6, date of loss the insolvency date, insured loss the outstanding then', async () => {
    const res = await file(partlyPaid);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'CLAIM_FILED', step: 6, claimFiledAt: '2026-02-03', dateOfLoss: '2026-02-01', insuredLoss: 1_000_000, claim: { reason: 'INSOLVENCY', status: 'FILED' } });
  });

  it('lets the integration feed of the policy file claims; a feed of another policy gets 403', async () => {
    await s.refused(() => file(filedByIntegration, {}, 'integration', otherPolicyId), 403, 'FORBIDDEN');
    expect(await s.ok(file(filedByIntegration, {}, 'integration', policyId), 201)).toMatchObject({ status: 'CLAIM_FILED', insuredLoss: 500_000 });
  });

  it('one claim per receivable: 422 INVALID_TRANSITION', async () => {
    await s.refused(() => file(partlyPaid), 422, 'INVALID_TRANSITION');
  });

  it('an uninsured shipment has no cover in force: 422 COVER_NOT_IN_FORCE', async () => {
    await s.refused(() => file(uninsured), 422, 'COVER_NOT_IN_FORCE');
  });

  it('on an unshipped receivable only pre-shipment costs are claimable (COVER_NOT_IN_FORCE), and only with the option (OPTION_NOT_ACTIVE)', async () => {
    await s.refused(() => file(unshipped), 422, 'COVER_NOT_IN_FORCE');
    await s.refused(() => file(unshipped, { preShipmentCosts: 400_000 }), 422, 'OPTION_NOT_ACTIVE');
  });

  it('pre-shipment costs on an insured shipment are refused (400, preShipmentCosts)', async () => {
    const problem = await s.refused(() => file(solventDebtor, { preShipmentCosts: 100 }), 400, 'VALIDATION_FAILED');
    expect(fieldsOf(problem)).toEqual(['preShipmentCosts']);
  });
});

describe('POST /v1/receivables/:id/claims: pre-shipment costs with the PRE_SHIPMENT option', () => {
  let s: ReceivableScenario;
  afterAll(() => s.close());

  it('an insolvency before shipment on granted cover: the costs are claimable, insured loss = min(costs, granted cover)', async () => {
    s = await ReceivableScenario.start(START);
    const policyId = await s.policy();
    await s.option(policyId, 'PRE_SHIPMENT', '2026-01-01');
    const debtorId = await s.debtor();
    await s.namedLimit(policyId, debtorId, 8_000_000);
    const id = await s.granted(policyId, debtorId, { amount: 3_000_000 }, { decision: 'PARTIAL', amount: 2_000_000, validUntil: '2026-12-31' });
    await s.on('2026-02-01');
    await s.insolvent(debtorId);
    const res = await s.ok(s.act(id, 'claims', { reason: 'INSOLVENCY', filedAt: '2026-02-01', preShipmentCosts: 400_000 }), 201);
    expect(res).toMatchObject({ status: 'CLAIM_FILED', dateOfLoss: '2026-02-01', insuredLoss: 400_000 });
  });
});

describe('POST /v1/receivables/:id/claims: PROTRACTED_DEFAULT after the waiting period (due + 150 days)', () => {
  let s: ReceivableScenario;
  let inCollection: string;
  let notInCollection: string;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START); // due 2026-02-14: the waiting period ends on 2026-07-14
    const policyId = await s.policy({ collectionHandoverDays: 180 });
    inCollection = await s.shipped(policyId, await s.debtor());
    notInCollection = await s.shipped(policyId, await s.debtor());
    await s.on('2026-02-20');
    for (const id of [inCollection, notInCollection]) await s.ok(s.act(id, 'overdue-declaration', { declaredAt: '2026-02-20' }));
    await s.ok(s.act(inCollection, 'collection', { handedOverAt: '2026-02-20', agency: 'Recouvrement SA' }));
  });
  afterAll(() => s.close());

  const file = (id: string) => s.act(id, 'claims', { reason: 'PROTRACTED_DEFAULT', filedAt: s.today });

  it('before the end of the waiting period: 422 CLAIM_NOT_YET_ELIGIBLE', async () => {
    await s.on('2026-07-13');
    expect(await s.refused(() => file(inCollection), 422, 'CLAIM_NOT_YET_ELIGIBLE')).toMatchObject({ eligibleFrom: '2026-07-14' });
  });

  it('after it, but not in collection: 422 CLAIM_NOT_YET_ELIGIBLE', async () => {
    await s.on('2026-07-14');
    expect(await s.refused(() => file(notInCollection), 422, 'CLAIM_NOT_YET_ELIGIBLE')).toMatchObject({ inCollection: false });
  });

  it('from due + 150, unpaid and in collection: accepted, date of loss the end of the waiting period', async () => {
    expect(await s.ok(file(inCollection), 201)).toMatchObject({ status: 'CLAIM_FILED', claim: { reason: 'PROTRACTED_DEFAULT' }, dateOfLoss: '2026-07-14', insuredLoss: 1_500_000 });
  });
});

describe('POST /v1/receivables/:id/claims: POLITICAL needs the political-risk option on the shipment date', () => {
  let s: ReceivableScenario;
  let withoutOption: string;
  let shippedBeforeOption: string;
  let shippedUnderOption: string;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    const plain = await s.policy();
    const political = await s.policy();
    await s.option(political, 'POLITICAL_RISK', '2026-02-01');
    withoutOption = await s.shipped(plain, await s.debtor());
    shippedBeforeOption = await s.shipped(political, await s.debtor());
    await s.on('2026-02-01');
    shippedUnderOption = await s.shipped(political, await s.debtor());
    await s.on('2026-02-10');
  });
  afterAll(() => s.close());

  const file = (id: string) => s.act(id, 'claims', { reason: 'POLITICAL', filedAt: '2026-02-10' });

  it('without the option: 422 OPTION_NOT_ACTIVE', async () => {
    expect(await s.refused(() => file(withoutOption), 422, 'OPTION_NOT_ACTIVE')).toMatchObject({ option: 'POLITICAL_RISK' });
  });

  it('shipped before the option took effect, although it is active on filing: 422 OPTION_NOT_ACTIVE', async () => {
    await s.refused(() => file(shippedBeforeOption), 422, 'OPTION_NOT_ACTIVE');
  });

  it('shipped with the option active: accepted, date of loss the filing date', async () => {
    expect(await s.ok(file(shippedUnderOption), 201)).toMatchObject({ status: 'CLAIM_FILED', claim: { reason: 'POLITICAL' }, dateOfLoss: '2026-02-10', insuredLoss: 1_500_000 });
  });
});

describe('claim decision, indemnity payment, recoveries and closure', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let debtorId: string;
  let approved: string;
  let belowThreshold: string;
  let unclaimed: string;

  const decideClaim = (id: string, decision: 'APPROVED' | 'REJECTED', decidedAt = s.today) => s.act(id, 'claim-decision', { decision, decidedAt });
  const payIndemnity = (id: string, paidAt = s.today) => s.act(id, 'indemnity-payment', { paidAt });
  const recover = (id: string, amount: number, recoveredAt = s.today) => s.act(id, 'recoveries', { amount, recoveredAt });
  const close = (id: string, closedAt = s.today) => s.act(id, 'closure', { closedAt, reason: 'nothing more expected from the liquidator' });
  const dispute = (id: string) => s.act(id, 'disputes', { openedAt: s.today, reason: 'quality' });
  const uphold = (id: string) => s.act(id, 'disputes/resolution', { resolvedAt: s.today, outcome: 'UPHELD' });
  const charged = async () => (await s.ok(s.get(`/v1/policies/${policyId}`))).currentPolicyYear.indemnitiesCharged;

  beforeAll(async () => {
    s = await ReceivableScenario.start(START);
    policyId = await s.policy({ claimThreshold: 500_000, insuredPercentage: 90 }); // no deductible
    debtorId = await s.debtor();
    approved = await s.shipped(policyId, debtorId, { amount: 1_500_000 });
    belowThreshold = await s.shipped(policyId, debtorId, { amount: 500_000 });
    unclaimed = await s.shipped(policyId, await s.debtor(), { amount: 1_000_000 });
    await s.on('2026-02-01');
    await s.insolvent(debtorId);
    await s.on('2026-02-02');
    for (const id of [approved, belowThreshold]) await s.ok(s.act(id, 'claims', { reason: 'INSOLVENCY', filedAt: '2026-02-02' }), 201);
  });
  afterAll(() => s.close());

  describe('POST …/claim-decision', () => {
    it('a claim is decided once filed: without a claim it is 422 INVALID_TRANSITION', async () => {
      await s.refused(() => decideClaim(unclaimed, 'APPROVED'), 422, 'INVALID_TRANSITION');
    });

    it('refuses a decision dated before the filing (DATE_OUT_OF_ORDER) or after today (FUTURE_DATE)', async () => {
      await s.refused(() => decideClaim(approved, 'APPROVED', '2026-02-01'), 422, 'DATE_OUT_OF_ORDER');
      await s.refused(() => decideClaim(approved, 'APPROVED', s.tomorrow()), 422, 'FUTURE_DATE');
    });

    it("an indemnity below the policy's claim threshold cannot be approved: 422 BELOW_CLAIM_THRESHOLD, nothing charged", async () => {
      // 5,000.00 × 90 % = 4,500.00 < 5,000.00
      expect(await s.refused(() => decideClaim(belowThreshold, 'APPROVED'), 422, 'BELOW_CLAIM_THRESHOLD')).toMatchObject({ indemnity: 450_000, claimThreshold: 500_000 });
      expect(await charged()).toBe(0);
    });

    it('no approval while the invoice is disputed: 422 COVER_SUSPENDED', async () => {
      await s.ok(dispute(belowThreshold));
      await s.refused(() => decideClaim(belowThreshold, 'APPROVED'), 422, 'COVER_SUSPENDED');
      await s.ok(uphold(belowThreshold));
    });

    it('REJECTED: CLAIM_REJECTED with no indemnity', async () => {
      expect(await s.ok(decideClaim(belowThreshold, 'REJECTED'))).toMatchObject({ status: 'CLAIM_REJECTED', step: 6, indemnity: null, claim: { status: 'REJECTED' } });
    });

    it('APPROVED: the server computes the indemnity, 15,000.00 × 90 % = 13,500.00, charged on the policy year', async () => {
      await s.on('2026-02-10');
      expect(await s.ok(decideClaim(approved, 'APPROVED'))).toMatchObject({ status: 'CLAIM_APPROVED', insuredLoss: 1_500_000, indemnity: 1_350_000, claimDecidedAt: '2026-02-10' });
      expect(await charged()).toBe(1_350_000);
    });

    it('a claim is decided once: 422 INVALID_TRANSITION', async () => {
      await s.refused(() => decideClaim(approved, 'REJECTED'), 422, 'INVALID_TRANSITION');
      await s.refused(() => decideClaim(belowThreshold, 'APPROVED'), 422, 'INVALID_TRANSITION');
    });
  });

  describe('POST …/indemnity-payment', () => {
    it('an indemnity is paid on an approved claim only: 422 INVALID_TRANSITION on a rejected or absent one', async () => {
      await s.refused(() => payIndemnity(belowThreshold), 422, 'INVALID_TRANSITION');
      await s.refused(() => payIndemnity(unclaimed), 422, 'INVALID_TRANSITION');
    });

    it('refuses a payment dated before the approval (DATE_OUT_OF_ORDER) or after today (FUTURE_DATE)', async () => {
      await s.refused(() => payIndemnity(approved, '2026-02-09'), 422, 'DATE_OUT_OF_ORDER');
      await s.refused(() => payIndemnity(approved, s.tomorrow()), 422, 'FUTURE_DATE');
    });

    it('no payment while the invoice is disputed: 422 COVER_SUSPENDED', async () => {
      await s.ok(dispute(approved));
      await s.refused(() => payIndemnity(approved), 422, 'COVER_SUSPENDED');
      await s.ok(uphold(approved));
    });

    it('recoveries are shared once the indemnity is paid: before, 422 INVALID_TRANSITION', async () => {
      await s.refused(() => recover(approved, 100_000), 422, 'INVALID_TRANSITION');
    });

    it('pays the indemnity: INDEMNIFIED, days from filing to payment measured', async () => {
      await s.on('2026-02-15');
      expect(await s.ok(payIndemnity(approved))).toMatchObject({ status: 'INDEMNIFIED', step: 6, indemnity: 1_350_000, indemnityPaidAt: '2026-02-15', claim: { status: 'PAID', daysToPayment: 13 } });
    });

    it('an indemnity is paid once: 422 INVALID_TRANSITION', async () => {
      await s.refused(() => payIndemnity(approved), 422, 'INVALID_TRANSITION');
    });

    it('after it, money from the debtor is a recovery: a payment or a collection recovery is 422 INVALID_TRANSITION', async () => {
      await s.refused(() => s.act(approved, 'payments', { amount: 100, receivedAt: s.today, reference: 'late transfer' }), 422, 'INVALID_TRANSITION');
      await s.refused(() => s.act(approved, 'collection-recoveries', { amount: 100, recoveredAt: s.today }), 422, 'INVALID_TRANSITION');
    });
  });

  describe('POST …/recoveries', () => {
    it('refuses a recovery dated before the indemnity payment (DATE_OUT_OF_ORDER)', async () => {
      await s.refused(() => recover(approved, 100_000, '2026-02-14'), 422, 'DATE_OUT_OF_ORDER');
    });

    it('shares a recovery pro rata: 3,000.00 × 13,500 / 15,000 = 2,700.00 to the insurer, 300.00 to the insured', async () => {
      await s.on('2026-03-01');
      expect(await s.ok(recover(approved, 300_000))).toMatchObject({ status: 'INDEMNIFIED', recovered: 300_000, recoveredToInsurer: 270_000, recoveredToInsured: 30_000, outstanding: 1_200_000 });
    });

    it('refuses more than the outstanding (OVERPAYMENT) and a recovery dated after today (FUTURE_DATE)', async () => {
      expect(await s.refused(() => recover(approved, 1_200_001), 422, 'OVERPAYMENT')).toMatchObject({ outstanding: 1_200_000 });
      await s.refused(() => recover(approved, 100, s.tomorrow()), 422, 'FUTURE_DATE');
    });
  });

  describe('POST …/closure', () => {
    it('refuses a closure dated after today: 422 FUTURE_DATE', async () => {
      await s.refused(() => close(approved, s.tomorrow()), 422, 'FUTURE_DATE');
    });

    it('closes the receivable when nothing more is expected: CLOSED, and its reservation released', async () => {
      // reserved: min(15,000.00, 12,000.00 outstanding) + 5,000.00 of the rejected claim's receivable
      expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 1_700_000 });
      expect(await s.ok(close(approved))).toMatchObject({ status: 'CLOSED', closedAt: '2026-03-01', step: 6 });
      expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 500_000 });
      await s.ok(close(belowThreshold));
      expect(await s.limit(policyId, debtorId)).toMatchObject({ reserved: 0 });
    });

    it('a closed receivable takes nothing more: closure, recovery, payment, dispute and claim are 422 INVALID_TRANSITION', async () => {
      await s.refused(() => close(approved), 422, 'INVALID_TRANSITION');
      await s.refused(() => recover(approved, 100), 422, 'INVALID_TRANSITION');
      await s.refused(() => s.act(belowThreshold, 'payments', { amount: 100, receivedAt: s.today, reference: 'x' }), 422, 'INVALID_TRANSITION');
      await s.refused(() => dispute(belowThreshold), 422, 'INVALID_TRANSITION');
      await s.refused(() => s.act(belowThreshold, 'claims', { reason: 'INSOLVENCY', filedAt: s.today }), 422, 'INVALID_TRANSITION');
    });

    it('a settled receivable cannot be closed: 422 INVALID_TRANSITION', async () => {
      await s.ok(s.act(unclaimed, 'payments', { amount: 1_000_000, receivedAt: s.today, reference: 'paid in full' }));
      await s.refused(() => close(unclaimed), 422, 'INVALID_TRANSITION');
    });
  });
});
