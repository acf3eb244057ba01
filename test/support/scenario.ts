import { TestApi } from './test-app';

/** The GET routes answered from views: they accept `after=` and wait for it (API.md read-your-writes). */
const VIEW_ROUTE = /^\/v1\/(receivables(\/[^/?]+)?|dashboards\/[a-z]+|alerts)(\?|$)/;

/**
 * Drives the API as back-office users do, moving the manual clock to each fact's date first.
 * It remembers the furthest position any command response (or clock move) gave it, and reads
 * views with `after=` that position, so a read right after a write sees the write.
 */
export class Scenario {
  /** The furthest log position this scenario has seen written. */
  position?: string;

  constructor(readonly api: TestApi) {}

  remember(position: unknown): void {
    if (typeof position !== 'string') return;
    if (this.position === undefined || this.api.store.comparePositions(position, this.position) > 0) this.position = position;
  }

  /** `path` with `after=<the position remembered>` when it reads a view. */
  afterWrites(path: string): string {
    if (this.position === undefined || !VIEW_ROUTE.test(path) || /[?&]after=/.test(path)) return path;
    return `${path}${path.includes('?') ? '&' : '?'}after=${encodeURIComponent(this.position)}`;
  }

  auth(role: Parameters<TestApi['token']>[0], policyId?: string) {
    return { Authorization: `Bearer ${this.api.token(role, { policyId })}` };
  }

  async on(date: string): Promise<void> {
    const res = await this.api.http.post('/v1/admin/clock').set(this.auth('admin')).send({ now: `${date}T09:00:00Z` });
    if (res.status !== 200) throw new Error(`moving the clock to ${date}: ${res.status} ${JSON.stringify(res.body)}`);
    // The timers that came due appended on their own: reads wait for them too.
    this.remember(await this.api.store.headPosition());
  }

  post(path: string, body: object, role: Parameters<TestApi['token']>[0] = 'underwriter', policyId?: string) {
    return this.api.http
      .post(path)
      .set(this.auth(role, policyId))
      .send(body)
      .on('response', (res: { body?: { position?: unknown } }) => this.remember(res.body?.position));
  }

  get(path: string, role: Parameters<TestApi['token']>[0] = 'underwriter', policyId?: string) {
    return this.api.http.get(this.afterWrites(path)).set(this.auth(role, policyId));
  }

  async ok(response: PromiseLike<{ status: number; body: any }>, status = 200) {
    const res = await response;
    this.remember(res.body?.position);
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
