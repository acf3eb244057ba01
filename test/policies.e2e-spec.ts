import { TestApi, allEvents, startTestApi } from './support/test-app';

const PROBLEM = /application\/problem\+json/;

/** The worked example's policy: SME_MODULAR in EUR from 2026-01-01, 12,000.00 premium, 90 %, 1,000.00 deductible. */
const smeModular = {
  policyholder: { name: 'Acme Export GmbH', legalId: 'DE-HRB-123456', country: 'DE' },
  product: 'SME_MODULAR',
  currency: 'EUR',
  effectiveFrom: '2026-01-01',
  annualPremium: 1_200_000,
  estimatedTurnover: 400_000_000,
  insuredPercentage: 90,
  deductible: 100_000,
};

describe('policies and pricing through HTTP', () => {
  let api: TestApi;
  let underwriter: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (path: string, body: object, token = underwriter) => api.http.post(path).set(auth(token)).send(body);

  beforeAll(async () => {
    api = await startTestApi();
    underwriter = api.token('underwriter');
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

  describe('POST /v1/pricing/quotes', () => {
    const request = { sector: 'construction', insurableTurnover: 400_000_000, currency: 'EUR', lossRatio5y: 0.45, deductible: 0, options: [] };

    it('prices and records a quote with its table version and every factor', async () => {
      const res = await post('/v1/pricing/quotes', request);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.any(String), status: 'QUOTED', revision: 0, tableVersion: expect.any(String), premium: expect.any(Number) });
      expect(res.body.rate).toBeGreaterThanOrEqual(0.001);
      expect(res.body.rate).toBeLessThanOrEqual(0.01);
      expect(Object.keys(res.body.factors)).toEqual(expect.arrayContaining(['sectorBase', 'volumeFactor', 'lossHistoryFactor', 'deductibleFactor', 'optionLoadings']));
    });

    it('gives exactly 15 % less premium with a 1,000 EUR deductible', async () => {
      const none = await post('/v1/pricing/quotes', request);
      const thousand = await post('/v1/pricing/quotes', { ...request, deductible: 100_000 });
      expect(thousand.body.factors.deductibleFactor).toBe('0.85');
      expect(thousand.body.premium).toBe(Math.round(none.body.premium * 0.85));
    });

    it('refuses invalid requests (400), analysts and claims handlers (403)', async () => {
      const problem = await refused(() => post('/v1/pricing/quotes', { ...request, sector: 'banking', options: ['NOPE'], currency: 'EURO' }), 400, 'VALIDATION_FAILED');
      expect((problem.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['currency', 'options', 'sector']);
      await refused(() => post('/v1/pricing/quotes', request, api.token('analyst')), 403, 'FORBIDDEN');
      await refused(() => post('/v1/pricing/quotes', request, api.token('claims')), 403, 'FORBIDDEN');
      await refused(() => post('/v1/pricing/quotes', { ...request, currency: 'USD' }), 422, 'FX_RATE_REQUIRED');
    });
  });

  describe('POST /v1/pricing/scenarios', () => {
    it('returns premium, expected loss and net cost per scenario × choice, for analysts too, recording nothing', async () => {
      const before = (await allEvents(api.store)).length;
      const res = await post(
        '/v1/pricing/scenarios',
        { sector: 'textile', insurableTurnover: 1_000_000_000, currency: 'EUR', lossRatio5y: 0.2, deductible: 0, options: [], deductibles: [0, 100_000], optionSets: [[], ['POLITICAL_RISK']], averageGrade: 4, exportShare: 0.3 },
        api.token('analyst'),
      );
      expect(res.status).toBe(200);
      expect(res.body.notice).toMatch(/model/i);
      expect(res.body.scenarios).toHaveLength(3);
      for (const scenario of res.body.scenarios) {
        expect(scenario.cells).toHaveLength(4);
        for (const cell of scenario.cells) expect(cell).toMatchObject({ premium: expect.any(Number), expectedLoss: expect.any(Number), netCost: expect.any(Number) });
      }
      expect((await allEvents(api.store)).length).toBe(before);
    });

    it('refuses an unknown scenario or option set (400)', async () => {
      await refused(() => post('/v1/pricing/scenarios', { sector: 'ict', insurableTurnover: 1, currency: 'EUR', lossRatio5y: 0, deductible: 0, options: [], scenarios: ['BOOM'], optionSets: [['X']] }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('policies', () => {
    it('issues a policy with defaults for every term and shows it (terms, options, premium, liability)', async () => {
      const res = await post('/v1/policies', smeModular);
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"0"');
      const view = await api.http.get(`/v1/policies/${res.body.id}`).set(auth(api.token('auditor')));
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        id: res.body.id,
        product: 'SME_MODULAR',
        currency: 'EUR',
        premiumRate: 0.003,
        terms: { insuredPercentage: 90, deductible: 100_000, maxCreditTermDays: 120, discretionaryLimit: 2_000_000, reminderDays: [7, 21], overdueDeclarationDays: 60, collectionHandoverDays: 30, waitingPeriodDays: 150, limitReductionNoticeDays: 30, claimThreshold: 0, maxLiabilityMultiple: 30 },
        maxLiability: 36_000_000,
        premium: { billed: 1_200_000, premiumDue: 0 },
        currentPolicyYear: { year: 0, indemnitiesCharged: 0, remainingLiability: 36_000_000 },
      });
    });

    it('issues at a recorded quote’s rate', async () => {
      const quote = await post('/v1/pricing/quotes', { sector: 'ict', insurableTurnover: 400_000_000, currency: 'EUR', lossRatio5y: 0.1, deductible: 0, options: [] });
      const policy = await post('/v1/policies', { ...smeModular, quoteId: quote.body.id });
      const view = await api.http.get(`/v1/policies/${policy.body.id}`).set(auth(underwriter));
      expect(view.body.premiumRate).toBe(quote.body.rate);
    });

    it('refuses SMALL_FLAT outside its constraints with 422 PRODUCT_CONSTRAINT, and terms out of range with 400', async () => {
      const flat = { ...smeModular, product: 'SMALL_FLAT', estimatedTurnover: 750_000_001 };
      await refused(() => post('/v1/policies', flat), 422, 'PRODUCT_CONSTRAINT');
      await refused(() => post('/v1/policies', { ...flat, estimatedTurnover: 100_000_000, currency: 'USD' }), 422, 'PRODUCT_CONSTRAINT');
      expect((await post('/v1/policies', { ...flat, estimatedTurnover: 750_000_000 })).status).toBe(201);
      const problem = await refused(() => post('/v1/policies', { ...smeModular, insuredPercentage: 96, policyholder: { name: 'x', legalId: 'y' } }), 400, 'VALIDATION_FAILED');
      expect((problem.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['insuredPercentage', 'policyholder.country']);
      await refused(() => post('/v1/policies', { ...smeModular, reminderDays: [21, 7] }), 422, 'INVALID_TERM');
      await refused(() => post('/v1/policies', smeModular, api.token('claims')), 403, 'FORBIDDEN');
      await refused(() => api.http.post('/v1/policies').send(smeModular), 401, 'UNAUTHENTICATED');
    });

    it('attaches a sub-policy in its own currency to a GROUP_MASTER and rolls figures up per currency', async () => {
      const master = await post('/v1/policies', { ...smeModular, product: 'GROUP_MASTER' });
      const sub = await post('/v1/policies', { ...smeModular, product: 'GROUP_MASTER', currency: 'USD', annualPremium: 500_000, parentPolicyId: master.body.id });
      expect(sub.status).toBe(201);
      const view = await api.http.get(`/v1/policies/${master.body.id}`).set(auth(api.token('analyst')));
      expect(view.body.subPolicies).toEqual([{ id: sub.body.id, currency: 'USD' }]);
      expect(view.body.rollUp).toEqual([
        expect.objectContaining({ currency: 'EUR', policies: 1, annualPremium: 1_200_000 }),
        expect.objectContaining({ currency: 'USD', policies: 1, annualPremium: 500_000 }),
      ]);
      const plain = await post('/v1/policies', smeModular);
      await refused(() => post('/v1/policies', { ...smeModular, parentPolicyId: plain.body.id }), 422, 'PRODUCT_CONSTRAINT');
      await refused(() => post('/v1/policies', { ...smeModular, parentPolicyId: sub.body.id }), 422, 'PRODUCT_CONSTRAINT');
    });

    describe('options and turnover declarations', () => {
      let id: string;
      beforeAll(async () => {
        id = (await post('/v1/policies', smeModular)).body.id;
      });

      it('activates options with an effective date; excess of loss needs its aggregate first loss; twice is refused', async () => {
        const res = await post(`/v1/policies/${id}/options`, { option: 'POLITICAL_RISK', effectiveFrom: '2026-02-01' });
        expect(res.status).toBe(200);
        expect(res.body.revision).toBe(1);
        await refused(() => post(`/v1/policies/${id}/options`, { option: 'POLITICAL_RISK', effectiveFrom: '2026-03-01' }), 422, 'OPTION_ALREADY_ACTIVE');
        await refused(() => post(`/v1/policies/${id}/options`, { option: 'EXCESS_OF_LOSS', effectiveFrom: '2026-02-01' }), 422, 'INVALID_TERM');
        await post(`/v1/policies/${id}/options`, { option: 'EXCESS_OF_LOSS', effectiveFrom: '2026-01-01', aggregateFirstLoss: 500_000 }).expect(200);
        await refused(() => post(`/v1/policies/${id}/options`, { option: 'HAIL' }), 400, 'VALIDATION_FAILED');
        const view = await api.http.get(`/v1/policies/${id}`).set(auth(underwriter));
        expect(view.body.options).toEqual([
          expect.objectContaining({ option: 'POLITICAL_RISK', effectiveFrom: '2026-02-01', activeToday: false }),
          expect.objectContaining({ option: 'EXCESS_OF_LOSS', aggregateFirstLoss: 500_000, activeToday: true }),
        ]);
      });

      it('records one declaration per period (nil allowed) with its premium due; the integration feed of this policy may declare', async () => {
        const res = await post(`/v1/policies/${id}/turnover-declarations`, { period: '2026-01-01', insuredTurnover: 30_000_000 });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ premiumDue: 90_000 });
        await post(`/v1/policies/${id}/turnover-declarations`, { period: '2025-12-01', insuredTurnover: 0 }).then((r) => expect(r.body.code).toBe('INVALID_PERIOD'));
        await refused(() => post(`/v1/policies/${id}/turnover-declarations`, { period: '2026-01-01', insuredTurnover: 1 }), 409, 'DUPLICATE_DECLARATION');
        await refused(() => post(`/v1/policies/${id}/turnover-declarations`, { period: '2026-02-01', insuredTurnover: 1 }), 422, 'FUTURE_DATE');
        await refused(() => post(`/v1/policies/${id}/turnover-declarations`, { period: '2026-01-01', insuredTurnover: 1 }, api.token('integration', { policyId: '00000000-0000-4000-8000-000000000000' })), 403, 'FORBIDDEN');
        const own = api.token('integration', { policyId: id });
        const other = (await post('/v1/policies', smeModular)).body.id;
        await refused(() => post(`/v1/policies/${other}/turnover-declarations`, { period: '2026-01-01', insuredTurnover: 0 }, own), 403, 'FORBIDDEN');
        const view = await api.http.get(`/v1/policies/${id}`).set(auth(own));
        expect(view.body.premium).toMatchObject({ declaredTurnover: 30_000_000, premiumDue: 90_000, billed: 1_200_000 });
        await refused(() => api.http.get(`/v1/policies/${other}`).set(auth(own)), 403, 'FORBIDDEN');
      });
    });

    it('unknown policy ids are 404', async () => {
      await refused(() => api.http.get('/v1/policies/3f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e99').set(auth(underwriter)), 404, 'NOT_FOUND');
      await refused(() => post('/v1/policies/nope/options', { option: 'PRE_SHIPMENT', effectiveFrom: '2026-02-01' }), 404, 'NOT_FOUND');
    });
  });
});
