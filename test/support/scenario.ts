import { TestApi } from './test-app';

/** Drives the API as back-office users do, moving the manual clock to each fact's date first. */
export class Scenario {
  constructor(readonly api: TestApi) {}

  auth(role: Parameters<TestApi['token']>[0], policyId?: string) {
    return { Authorization: `Bearer ${this.api.token(role, { policyId })}` };
  }

  async on(date: string): Promise<void> {
    const res = await this.api.http.post('/v1/admin/clock').set(this.auth('admin')).send({ now: `${date}T09:00:00Z` });
    if (res.status !== 200) throw new Error(`moving the clock to ${date}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  post(path: string, body: object, role: Parameters<TestApi['token']>[0] = 'underwriter', policyId?: string) {
    return this.api.http.post(path).set(this.auth(role, policyId)).send(body);
  }

  get(path: string, role: Parameters<TestApi['token']>[0] = 'underwriter', policyId?: string) {
    return this.api.http.get(path).set(this.auth(role, policyId));
  }

  async ok(response: PromiseLike<{ status: number; body: any }>, status = 200) {
    const res = await response;
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The worked example's policy, debtor and named limit (DOMAIN.md), on 2026-01-01. */
  async workedExampleSetUp(): Promise<{ policyId: string; debtorId: string }> {
    await this.on('2026-01-01');
    const policy = await this.ok(
      this.post('/v1/policies', {
        policyholder: { name: 'Acme Export GmbH', legalId: 'DE-HRB-123456', country: 'DE' },
        product: 'SME_MODULAR',
        currency: 'EUR',
        effectiveFrom: '2026-01-01',
        annualPremium: 1_200_000,
        estimatedTurnover: 400_000_000,
        insuredPercentage: 90,
        deductible: 100_000,
      }),
      201,
    );
    const debtor = await this.ok(this.post('/v1/debtors', { legalId: `FR-${policy.id.slice(0, 8)}`, country: 'FR', name: 'Buyer SA', sector: 'construction' }), 201);
    await this.ok(this.api.http.put(`/v1/policies/${policy.id}/credit-limits/${debtor.id}`).set(this.auth('underwriter')).send({ amount: 8_000_000, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: [] }));
    return { policyId: policy.id, debtorId: debtor.id };
  }

  limit(policyId: string, debtorId: string) {
    return this.ok(this.get(`/v1/policies/${policyId}/credit-limits/${debtorId}`));
  }
}
