import { TestApi, allEvents, startTestApi } from './support/test-app';

const PROBLEM = /application\/problem\+json/;

describe('credit limits through HTTP', () => {
  let api: TestApi;
  let underwriter: string;
  let policyId: string;
  let debtorId: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const limitPath = () => `/v1/policies/${policyId}/credit-limits/${debtorId}`;

  beforeAll(async () => {
    api = await startTestApi(); // the clock stands at 2026-01-15
    underwriter = api.token('underwriter');
    const policy = await api.http
      .post('/v1/policies')
      .set(auth(underwriter))
      .send({ policyholder: { name: 'Acme', legalId: 'DE-1', country: 'DE' }, product: 'SME_MODULAR', currency: 'EUR', effectiveFrom: '2026-01-01', annualPremium: 1_200_000, estimatedTurnover: 400_000_000 });
    policyId = policy.body.id;
    debtorId = (await api.http.post('/v1/debtors').set(auth(underwriter)).send({ legalId: 'FR-42', country: 'FR', name: 'Buyer SA', sector: 'retail' })).body.id;
  });
  afterAll(() => api.close());

  async function refused(send: () => PromiseLike<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }>, status: number, code: string) {
    const before = await allEvents(api.store);
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status, code });
    expect(await allEvents(api.store)).toEqual(before);
    return res.body;
  }

  it('shows the discretionary limit (20,000.00 by default) on a debtor with no named limit', async () => {
    const res = await api.http.get(limitPath()).set(auth(api.token('analyst')));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ amount: null, topUp: 0, limitInForce: 2_000_000, reserved: 0, available: 2_000_000, discretionary: true, revision: -1 });
  });

  it('sets a named limit that replaces the discretionary one from its effectiveFrom', async () => {
    const res = await api.http.put(limitPath()).set(auth(underwriter)).send({ amount: 8_000_000, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: ['payment terms ≤ 90 days'], decidedAt: '2026-01-10' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"0"');
    expect(res.body).toMatchObject({ status: 'NAMED', revision: 0, amount: 8_000_000, limitInForce: 8_000_000, available: 8_000_000 });
    const after = await api.http.get(`${limitPath()}?on=2028-01-01`).set(auth(underwriter));
    expect(after.body).toMatchObject({ amount: 0, limitInForce: 0, discretionary: false });
  });

  it('reduces the named amount from notice + 30 days by default; before that the old amount stands', async () => {
    const res = await api.http.post(`${limitPath()}/reductions`).set(auth(underwriter)).send({ amount: 4_000_000, noticeDate: '2026-01-15' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ on: '2026-02-14', amount: 4_000_000, limitInForce: 4_000_000 });
    expect((await api.http.get(`${limitPath()}?on=2026-02-13`).set(auth(underwriter))).body.limitInForce).toBe(8_000_000);
    await refused(() => api.http.post(`${limitPath()}/reductions`).set(auth(underwriter)).send({ amount: 3_000_000, noticeDate: '2026-01-15', effectiveDate: '2026-02-01' }), 422, 'NOTICE_PERIOD_NOT_RESPECTED');
    await refused(() => api.http.post(`${limitPath()}/reductions`).set(auth(underwriter)).send({ amount: 9_000_000, noticeDate: '2026-01-15', effectiveDate: '2026-03-01' }), 422, 'NOT_A_REDUCTION');
    await refused(() => api.http.post(`${limitPath()}/reductions`).set(auth(underwriter)).send({ amount: 1, noticeDate: '2026-01-16' }), 422, 'FUTURE_DATE');
  });

  it('adds a temporary top-up active only within its inclusive window', async () => {
    const res = await api.http.post(`${limitPath()}/top-ups`).set(auth(underwriter)).send({ amount: 1_000_000, from: '2026-03-01', until: '2026-03-31' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ on: '2026-03-01', topUp: 1_000_000, limitInForce: 5_000_000 });
    expect((await api.http.get(`${limitPath()}?on=2026-03-31`).set(auth(underwriter))).body.topUp).toBe(1_000_000);
    expect((await api.http.get(`${limitPath()}?on=2026-04-01`).set(auth(underwriter))).body.topUp).toBe(0);
    await refused(() => api.http.post(`${limitPath()}/top-ups`).set(auth(underwriter)).send({ amount: 1, from: '2026-03-31', until: '2026-03-01' }), 422, 'INVALID_PERIOD');
  });

  it('refuses bad input (400), other roles (403), unknown policy or debtor (404)', async () => {
    const problem = await refused(() => api.http.put(limitPath()).set(auth(underwriter)).send({ amount: -1, effectiveFrom: '2026-02-30', validUntil: '2027-12-31', conditions: 'none' }), 400, 'VALIDATION_FAILED');
    expect((problem.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['amount', 'conditions', 'effectiveFrom']);
    await refused(() => api.http.get(`${limitPath()}?on=tomorrow`).set(auth(underwriter)), 400, 'VALIDATION_FAILED');
    await refused(() => api.http.get(`${limitPath()}?where=1`).set(auth(underwriter)), 400, 'VALIDATION_FAILED');
    await refused(() => api.http.put(limitPath()).set(auth(api.token('claims'))).send({ amount: 1, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: [] }), 403, 'FORBIDDEN');
    await refused(() => api.http.post(`${limitPath()}/top-ups`).set(auth(api.token('analyst'))).send({ amount: 1, until: '2026-03-01' }), 403, 'FORBIDDEN');
    await refused(() => api.http.get(limitPath()).set(auth(api.token('integration', { policyId: '00000000-0000-4000-8000-000000000000' }))), 403, 'FORBIDDEN');
    expect((await api.http.get(limitPath()).set(auth(api.token('integration', { policyId })))).status).toBe(200);
    const unknown = '3f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e99';
    await refused(() => api.http.put(`/v1/policies/${unknown}/credit-limits/${debtorId}`).set(auth(underwriter)).send({ amount: 1, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: [] }), 404, 'NOT_FOUND');
    await refused(() => api.http.put(`/v1/policies/${policyId}/credit-limits/${unknown}`).set(auth(underwriter)).send({ amount: 1, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: [] }), 404, 'NOT_FOUND');
  });
});
