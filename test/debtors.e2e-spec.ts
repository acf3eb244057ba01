import { TestApi, allEvents, startTestApi } from './support/test-app';

const PROBLEM = /application\/problem\+json/;
const acme = { legalId: 'FR552100554', country: 'FR', name: 'Acme SAS', sector: 'construction' };

describe('debtors through HTTP', () => {
  let api: TestApi;
  let underwriter: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    api = await startTestApi();
    underwriter = api.token('underwriter');
  });
  afterAll(() => api.close());

  const register = (body: object, token = underwriter) => api.http.post('/v1/debtors').set(auth(token)).send(body);

  /** Runs a refused request and proves it left the store untouched. */
  async function refused(send: () => Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }>, status: number, code: string) {
    const before = await allEvents(api.store);
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status, code, title: expect.any(String), type: expect.any(String), detail: expect.any(String) });
    expect(await allEvents(api.store)).toEqual(before);
    return res.body;
  }

  describe('POST /v1/debtors', () => {
    it('registers a debtor: 201 with id, revision, position and ETag', async () => {
      const res = await register({ ...acme, legalId: 'DE-HRB-1001', country: 'DE', comment: 'new buyer of Acme' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'ACTIVE', revision: 0, position: expect.any(String) });
      expect(res.headers.etag).toBe('"0"');
      expect(res.headers.location).toBe(`/v1/debtors/${res.body.id}`);

      const [event] = await api.store.readStream(`debtor-${res.body.id}`);
      expect(event.type).toBe('DebtorRegistered');
      expect(event.metadata).toMatchObject({
        actor: { sub: 'underwriter-1', role: 'underwriter' },
        correlationId: expect.any(String),
        comment: 'new buyer of Acme',
        effectiveDate: '2026-01-15',
        recordedAt: '2026-01-15T09:00:00.000Z',
      });
    });

    it('refuses the same legal id and country with 409 DUPLICATE_DEBTOR and the existing id', async () => {
      const first = await register({ ...acme, legalId: 'BE0403170701', country: 'BE' });
      const body = await refused(() => register({ ...acme, legalId: 'be 0403.170.701', country: 'BE', name: 'Other name' }), 409, 'DUPLICATE_DEBTOR');
      expect(body.existingId).toBe(first.body.id);
    });

    it('registers exactly one of 20 concurrent registrations of one debtor', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => register({ ...acme, legalId: 'NL-KVK-33011433', country: 'NL' })));
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(1);
      expect(results.filter((r) => r.status === 409).map((r) => r.body.existingId)).toEqual(Array(19).fill(created[0].body.id));
      const streams = new Set((await allEvents(api.store)).filter((e) => e.type === 'DebtorRegistered' && e.data.legalId === 'NL-KVK-33011433').map((e) => e.stream));
      expect(streams.size).toBe(1);
    });

    it.each([
      ['a missing field', { legalId: 'X1', country: 'FR', sector: 'ict' }, ['name']],
      ['a mistyped field', { ...acme, legalId: 42 }, ['legalId']],
      ['an unknown field', { ...acme, legalId: 'U1', rating: 5 }, ['rating']],
      ['a country that is not ISO 3166 alpha-2', { ...acme, legalId: 'U2', country: 'FRA' }, ['country']],
      ['an unknown sector', { ...acme, legalId: 'U3', sector: 'banking' }, ['sector']],
      ['a comment over 500 characters', { ...acme, legalId: 'U4', comment: 'x'.repeat(501) }, ['comment']],
    ])('refuses %s with 400 VALIDATION_FAILED listing the fields', async (_what, body, fields) => {
      const problem = await refused(() => register(body), 400, 'VALIDATION_FAILED');
      expect((problem.errors as { field: string }[]).map((e) => e.field)).toEqual(fields);
    });

    it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
      await refused(() => api.http.post('/v1/debtors').set(auth(underwriter)).set('Content-Type', 'application/json').send('{"legalId":'), 400, 'MALFORMED_JSON');
    });

    it('refuses a body over the 64 KiB limit with 413', async () => {
      await refused(() => register({ ...acme, name: 'x'.repeat(70_000) }), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('refuses a request without a token (401) and an analyst writing (403)', async () => {
      await refused(() => api.http.post('/v1/debtors').send(acme), 401, 'UNAUTHENTICATED');
      await refused(() => register(acme, 'not-a-jwt'), 401, 'UNAUTHENTICATED');
      await refused(() => register({ ...acme, legalId: 'A1' }, api.token('analyst')), 403, 'FORBIDDEN');
      await refused(() => register({ ...acme, legalId: 'A2' }, api.token('auditor')), 403, 'FORBIDDEN');
    });

    it('lets an integration feed register its buyers', async () => {
      const res = await register({ ...acme, legalId: 'IT-01234567890', country: 'IT' }, api.token('integration', { policyId: '0f6f1b9e-7d7c-4b8e-9a51-5b1e0b6b1a01' }));
      expect(res.status).toBe(201);
    });

    it('returns the first response to a repeated Idempotency-Key and appends nothing more', async () => {
      const send = () => register({ ...acme, legalId: 'ES-B12345678', country: 'ES' }).set('Idempotency-Key', 'register-es-1');
      const first = await send();
      const count = (await allEvents(api.store)).length;
      const again = await send();
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect((await allEvents(api.store)).length).toBe(count);
    });
  });

  describe('a registered debtor', () => {
    let id: string;
    beforeAll(async () => {
      id = (await register({ ...acme, legalId: 'PT-501234567', country: 'PT', sector: 'textile' })).body.id;
    });

    it('GET returns identity, grade, alerts and insolvency with its ETag', async () => {
      const res = await api.http.get(`/v1/debtors/${id}`).set(auth(api.token('analyst')));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, legalId: 'PT-501234567', country: 'PT', name: 'Acme SAS', sector: 'textile', status: 'ACTIVE', grade: null, alerts: [], insolvency: null, revision: 0 });
      expect(res.headers.etag).toBe('"0"');
    });

    it('unknown or malformed ids are 404', async () => {
      await refused(() => api.http.get('/v1/debtors/3f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e99').set(auth(underwriter)), 404, 'NOT_FOUND');
      await refused(() => api.http.get('/v1/debtors/nope').set(auth(underwriter)), 404, 'NOT_FOUND');
      await refused(() => api.http.post('/v1/debtors/3f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e99/ratings').set(auth(underwriter)).send({ grade: 5, ratedAt: '2026-01-10', source: 'x' }), 404, 'NOT_FOUND');
    });

    it('records ratings; a fall raises a warning alert', async () => {
      const first = await api.http.post(`/v1/debtors/${id}/ratings`).set(auth(underwriter)).send({ grade: 6, ratedAt: '2026-01-10', source: 'agency' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id, status: 'ACTIVE', revision: 1, grade: 6, position: expect.any(String) });
      expect(first.headers.etag).toBe('"1"');
      await api.http.post(`/v1/debtors/${id}/ratings`).set(auth(underwriter)).send({ grade: 3, ratedAt: '2026-01-14T16:00:00Z', source: 'agency' }).expect(200);
      const view = await api.http.get(`/v1/debtors/${id}`).set(auth(underwriter));
      expect(view.body).toMatchObject({ grade: 3, ratedOn: '2026-01-14', alerts: [{ kind: 'RATING_DOWNGRADE', severity: 'warning', grade: 3, previousGrade: 6, date: '2026-01-14' }] });
    });

    it('refuses ratings that are invalid (grade 11: 400), dated after today (422 FUTURE_DATE), or from the wrong role (403)', async () => {
      const problem = await refused(() => api.http.post(`/v1/debtors/${id}/ratings`).set(auth(underwriter)).send({ grade: 11, ratedAt: '2026-01-10', source: 'x' }), 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'grade' })]);
      await refused(() => api.http.post(`/v1/debtors/${id}/ratings`).set(auth(underwriter)).send({ grade: 5, ratedAt: '2026-01-16', source: 'x' }), 422, 'FUTURE_DATE');
      await refused(() => api.http.post(`/v1/debtors/${id}/ratings`).set(auth(underwriter)).send({ grade: 5, ratedAt: 'soon', source: 'x' }), 400, 'VALIDATION_FAILED');
      await refused(() => api.http.post(`/v1/debtors/${id}/ratings`).set(auth(api.token('claims'))).send({ grade: 5, ratedAt: '2026-01-15', source: 'x' }), 403, 'FORBIDDEN');
    });

    it('refuses a stale If-Match with 409 and accepts the current one', async () => {
      const { headers } = await api.http.get(`/v1/debtors/${id}`).set(auth(underwriter));
      const stale = String(Number(JSON.parse(headers.etag)) - 1);
      await refused(() => api.http.post(`/v1/debtors/${id}/ratings`).set(auth(underwriter)).set('If-Match', `"${stale}"`).send({ grade: 4, ratedAt: '2026-01-15', source: 'x' }), 409, 'CONCURRENCY_CONFLICT');
      await api.http.post(`/v1/debtors/${id}/ratings`).set(auth(underwriter)).set('If-Match', headers.etag).send({ grade: 4, ratedAt: '2026-01-15', source: 'x' }).expect(200);
    });

    it('records an insolvency once (claims handler); a second one is 422 INVALID_TRANSITION', async () => {
      const res = await api.http.post(`/v1/debtors/${id}/insolvency`).set(auth(api.token('claims'))).send({ declaredAt: '2026-01-15', proceeding: 'liquidation', comment: 'court notice' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, status: 'INSOLVENT', insolvencyDate: '2026-01-15' });
      await refused(() => api.http.post(`/v1/debtors/${id}/insolvency`).set(auth(underwriter)).send({ declaredAt: '2026-01-15', proceeding: 'liquidation' }), 422, 'INVALID_TRANSITION');
      const view = await api.http.get(`/v1/debtors/${id}`).set(auth(api.token('auditor')));
      expect(view.body).toMatchObject({ status: 'INSOLVENT', insolvency: { insolvencyDate: '2026-01-15', proceeding: 'liquidation' } });
      expect(view.body.alerts.at(-1)).toMatchObject({ kind: 'INSOLVENCY', severity: 'critical' });
    });

    it('refuses an insolvency dated after today with 422 FUTURE_DATE', async () => {
      const other = (await register({ ...acme, legalId: 'PT-509999999', country: 'PT' })).body.id;
      await refused(() => api.http.post(`/v1/debtors/${other}/insolvency`).set(auth(underwriter)).send({ declaredAt: '2026-02-01', proceeding: 'liquidation' }), 422, 'FUTURE_DATE');
    });
  });

  describe('the manual clock', () => {
    it('moves forward through POST /v1/admin/clock (admin only), and FUTURE_DATE follows it', async () => {
      const other = (await register({ ...acme, legalId: 'PT-508888888', country: 'PT' })).body.id;
      await refused(() => api.http.post('/v1/admin/clock').set(auth(underwriter)).send({ now: '2026-02-02T00:00:00Z' }), 403, 'FORBIDDEN');
      const moved = await api.http.post('/v1/admin/clock').set(auth(api.token('admin'))).send({ now: '2026-02-02T08:00:00Z' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ today: '2026-02-02' });
      await api.http.post(`/v1/debtors/${other}/insolvency`).set(auth(underwriter)).send({ declaredAt: '2026-02-01', proceeding: 'liquidation' }).expect(200);
    });
  });

  it('serves /health, /openapi.json and /docs without a token', async () => {
    expect((await api.http.get('/health')).status).toBe(200);
    const openapi = await api.http.get('/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/debtors', '/v1/debtors/{id}', '/v1/debtors/{id}/ratings', '/v1/debtors/{id}/insolvency']));
    expect((await api.http.get('/docs')).status).toBeLessThan(400);
  });
});
