import { addDays } from '@tc/kernel';
import { settle } from './views';
import { Scenario } from './scenario';
import { TestApi, allEvents, startTestApi } from './test-app';

export type Role = Parameters<TestApi['token']>[0];
export const ROLES: readonly Role[] = ['underwriter', 'claims', 'auditor', 'analyst', 'integration', 'admin'];

type Reply = { status: number; headers: Record<string, string>; body: any };

const PROBLEM = /application\/problem\+json/;

/** A receivable's route under /v1/receivables/:id. */
export type ReceivableRoute =
  | 'cover-decision'
  | 'shipment'
  | 'payments'
  | 'disputes'
  | 'disputes/resolution'
  | 'overdue-declaration'
  | 'collection'
  | 'collection-recoveries'
  | 'claims'
  | 'claim-decision'
  | 'indemnity-payment'
  | 'recoveries'
  | 'closure';

/**
 * The receivable's six steps through HTTP on the manual clock, with small builders for the
 * facts around them (policy, debtor, named limit, option, insolvency). `today` follows the
 * clock: every builder dates its facts on it unless told otherwise.
 */
export class ReceivableScenario extends Scenario {
  private seq = 0;

  private constructor(
    api: TestApi,
    public today: string,
  ) {
    super(api);
  }

  /** A fresh API whose clock stands at 08:00 UTC on `today`. */
  static async start(today: string): Promise<ReceivableScenario> {
    return new ReceivableScenario(await startTestApi({ CLOCK_START: `${today}T08:00:00Z` }), today);
  }

  override async on(date: string): Promise<void> {
    await super.on(date);
    this.today = date;
  }

  close(): Promise<void> {
    return this.api.close();
  }

  tomorrow(): string {
    return addDays(this.today, 1);
  }

  // ---- what surrounds a receivable

  /** SME_MODULAR in EUR from 2026-01-01, 12,000.00 premium; the terms left out take their DOMAIN.md defaults. */
  async policy(terms: Record<string, unknown> = {}): Promise<string> {
    const n = ++this.seq;
    const body = {
      policyholder: { name: `Insured ${n}`, legalId: `DE-HRB-${n}`, country: 'DE' },
      product: 'SME_MODULAR',
      currency: 'EUR',
      effectiveFrom: '2026-01-01',
      annualPremium: 1_200_000,
      estimatedTurnover: 400_000_000,
      ...terms,
    };
    return (await this.ok(this.post('/v1/policies', body), 201)).id;
  }

  async debtor(): Promise<string> {
    const n = ++this.seq;
    return (await this.ok(this.post('/v1/debtors', { legalId: `FR-RCS-${n}`, country: 'FR', name: `Buyer ${n} SA`, sector: 'retail' }), 201)).id;
  }

  async namedLimit(policyId: string, debtorId: string, amount: number, effectiveFrom = '2026-01-01'): Promise<void> {
    await this.ok(this.api.http.put(`/v1/policies/${policyId}/credit-limits/${debtorId}`).set(this.auth('underwriter')).send({ amount, effectiveFrom, validUntil: '2027-12-31', conditions: [] }));
  }

  async option(policyId: string, option: 'POLITICAL_RISK' | 'PRE_SHIPMENT', effectiveFrom: string): Promise<void> {
    await this.ok(this.post(`/v1/policies/${policyId}/options`, { option, effectiveFrom }));
  }

  /** Waits for monitoring to raise its alerts too, so that later "nothing written" checks see only their own request. */
  async insolvent(debtorId: string, declaredAt = this.today): Promise<void> {
    await this.ok(this.post(`/v1/debtors/${debtorId}/insolvency`, { declaredAt, proceeding: 'liquidation' }, 'claims'));
    await settle(this.api);
  }

  // ---- the receivable

  /** An invoice of 15,000.00 EUR dated today, due in 30 days, with a fresh number. */
  invoice(policyId: string, debtorId: string, fields: Record<string, unknown> = {}) {
    const invoiceDate = (fields.invoiceDate as string | undefined) ?? this.today;
    return { policyId, debtorId, invoiceNumber: `INV-${++this.seq}`, invoiceDate, dueDate: addDays(invoiceDate, 30), amount: 1_500_000, currency: 'EUR', ...fields };
  }

  register(body: object, role: Role = 'underwriter', policyId?: string) {
    return this.post('/v1/receivables', body, role, policyId);
  }

  /** POST /v1/receivables/:id/<route>, as a claims handler unless told otherwise. */
  act(id: string, route: ReceivableRoute, body: object, role: Role = 'claims', policyId?: string) {
    return this.post(`/v1/receivables/${id}/${route}`, body, role, policyId);
  }

  view(id: string) {
    return this.ok(this.get(`/v1/receivables/${id}`, 'auditor'));
  }

  /** Registered: the response body (COVER_REQUESTED, or COVER_GRANTED when decided at once). */
  requested(policyId: string, debtorId: string, fields: Record<string, unknown> = {}) {
    return this.ok(this.register(this.invoice(policyId, debtorId, fields)), 201);
  }

  /** Registered with its cover granted (at once, or by an underwriter today when it waits); returns the id. */
  async granted(policyId: string, debtorId: string, fields: Record<string, unknown> = {}, decision: object = { decision: 'GRANTED' }): Promise<string> {
    const registered = await this.requested(policyId, debtorId, fields);
    if (registered.status === 'COVER_REQUESTED') await this.ok(this.act(registered.id, 'cover-decision', decision, 'underwriter'));
    return registered.id;
  }

  /** Granted and shipped today, insured; returns the id. */
  async shipped(policyId: string, debtorId: string, fields: Record<string, unknown> = {}): Promise<string> {
    const id = await this.granted(policyId, debtorId, fields);
    const res = await this.ok(this.act(id, 'shipment', { shippedAt: this.today }, 'underwriter'));
    if (!res.insured) throw new Error(`shipment of ${id} not insured: ${JSON.stringify(res)}`);
    return id;
  }

  // ---- refusals

  /** Runs a refused request, proves it left the store untouched and answered problem+json; returns the problem. */
  async refused(send: () => PromiseLike<Reply>, status: number, code: string): Promise<Record<string, any>> {
    const before = await allEvents(this.api.store);
    const res = await send();
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code });
    expect(await allEvents(this.api.store)).toEqual(before);
    return res.body;
  }
}

/** The fields a 400 VALIDATION_FAILED lists, sorted. */
export const fieldsOf = (problem: Record<string, any>): string[] => [...new Set((problem.errors as { field: string }[]).map((e) => e.field))].sort();
