import { createHmac, randomUUID } from 'node:crypto';
import { HttpClient, Reply, inParallel } from './client';

/**
 * The command mix of `npm run bench -- http`: the receivable lifecycle as an insured's ERP,
 * underwriters and claims handlers drive it. Every command targets a receivable that is in
 * the state the command needs (each shipment a receivable granted earlier, each claim
 * decision a claim filed earlier…), taken out of its pool while in flight, so that the only
 * 4xx are the ones the mix provokes on purpose (a re-sent invoice, an unknown field).
 * Every command carries an Idempotency-Key; a few are sent again with it (replays).
 */

export type OpName = 'register' | 'decide' | 'ship' | 'pay' | 'declare' | 'file' | 'approve' | 'indemnity' | 'duplicate' | 'invalid' | 'replay';

/** Shares of the requests, in percent; an op whose pool is empty gives its turn to the others. */
export const WEIGHTS: Readonly<Record<OpName, number>> = {
  register: 22,
  decide: 10,
  ship: 18,
  pay: 18,
  declare: 10,
  file: 5,
  approve: 5,
  indemnity: 5,
  duplicate: 2,
  invalid: 2,
  replay: 3,
};

export interface StepResult {
  readonly op: OpName;
  readonly status: number;
  /** ok: the status the command should get; intentional: the 4xx the mix provoked; unexpected: anything else. */
  readonly verdict: 'ok' | 'intentional' | 'unexpected';
  readonly replayed: boolean;
  readonly detail?: string;
}

type Lane = 'current' | 'past' | 'claim';
type PoolName = 'requested' | 'granted' | 'payable' | 'overdue' | 'claimable' | 'filed' | 'approved';

interface Receivable {
  id: string;
  readonly policyId: string;
  readonly lane: Lane;
  readonly amount: number;
  readonly invoiceDate: string;
  decidedOn?: string;
  paid: number;
  payments: number;
}

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly token: string;
  readonly key: string;
  readonly status: number;
}

export interface World {
  readonly policies: readonly { readonly id: string; readonly integrationToken: string }[];
  readonly healthyDebtors: readonly string[];
  readonly insolventDebtors: readonly string[];
}

export interface SeedPlan {
  readonly policies: number;
  readonly healthyDebtors: number;
  readonly insolventDebtors: number;
  /** Receivables put into each pool before the load. */
  readonly receivables: Readonly<Record<'requested' | 'granted' | 'payable' | 'overdue' | 'claimable', number>>;
}

const DISCRETIONARY_LIMIT = 2_000_000; // the policy default: requests up to it are granted at once
const SECTORS = ['agrifood', 'automotive', 'chemicals', 'construction', 'ict', 'metals', 'retail', 'textile', 'transport', 'services'];
const COUNTRIES = ['FR', 'DE', 'IT', 'ES', 'NL', 'BE', 'PL'];
const REPLAY_RING = 200;
const REGISTERED_RING = 500;

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const plusDays = (date: string, days: number): string => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** HS256 like the API's signJwt, so that the generator process needs none of the app's code. */
export function mintToken(claims: Record<string, string>, secret: string, ttlSeconds = 3_600): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, iat: now, exp: now + ttlSeconds })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export class CommandMix {
  private readonly pools: Record<PoolName, Receivable[]> = { requested: [], granted: [], payable: [], overdue: [], claimable: [], filed: [], approved: [] };
  private readonly registered: { readonly body: object; readonly token: string; readonly id: string }[] = [];
  private readonly sent: Sent[] = [];
  private sequence = 0;
  private readonly today = day(0);
  private readonly tokens: { readonly underwriter: string; readonly claims: string };
  private world: World = { policies: [], healthyDebtors: [], insolventDebtors: [] };

  /** `secret`: the API's JWT secret, to mint the tokens of each role (and of each policy's ERP feed). */
  constructor(
    private readonly http: HttpClient,
    private readonly secret: string,
    private readonly tag: string,
  ) {
    this.tokens = { underwriter: mintToken({ sub: 'bench-underwriter', role: 'underwriter' }, secret), claims: mintToken({ sub: 'bench-claims', role: 'claims' }, secret) };
  }

  /** Policies, debtors, a named limit on every pair, receivables in every pool, then the insolvencies the claims need. */
  async seed(plan: SeedPlan, concurrency: number, progress: (message: string) => void): Promise<void> {
    const { underwriter } = this.tokens;
    const must = async (method: string, path: string, body: unknown, token: string): Promise<{ id: string }> => {
      const reply = await this.send(method, path, body, token);
      if (reply.status < 200 || reply.status >= 300) throw new Error(`seed ${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body as { id: string };
    };
    const policies: { id: string; integrationToken: string }[] = [];
    await inParallel(Array.from({ length: plan.policies }), concurrency, async (_, i) => {
      const { id } = await must('POST', '/v1/policies', {
        policyholder: { name: `Bench exporter ${i}`, legalId: `BH-${this.tag}-${i}`, country: 'DE' },
        product: 'MIDCAP_GLOBAL',
        currency: 'EUR',
        effectiveFrom: day(-200),
        annualPremium: 500_000_000,
        estimatedTurnover: 100_000_000_000,
      }, underwriter);
      policies.push({ id, integrationToken: mintToken({ sub: `bench-erp-${i}`, role: 'integration', policyId: id }, this.secret) });
    });
    const debtors: string[] = [];
    const debtorCount = plan.healthyDebtors + plan.insolventDebtors;
    await inParallel(Array.from({ length: debtorCount }), concurrency, async (_, i) => {
      const { id } = await must('POST', '/v1/debtors', { legalId: `BD-${this.tag}-${i}`, country: COUNTRIES[i % COUNTRIES.length], name: `Buyer ${i}`, sector: SECTORS[i % SECTORS.length] }, underwriter);
      debtors[i] = id;
    });
    const pairs = policies.flatMap((policy) => debtors.map((debtorId) => [policy.id, debtorId] as const));
    await inParallel(pairs, concurrency, async ([policyId, debtorId]) => {
      await must('PUT', `/v1/policies/${policyId}/credit-limits/${debtorId}`, { amount: 50_000_000_000, effectiveFrom: day(-200), validUntil: day(700), conditions: [] }, underwriter);
    });
    progress(`  seeded ${policies.length} policies, ${debtors.length} debtors, ${pairs.length} named limits`);
    return this.seedReceivables(plan, policies, debtors, concurrency, progress);
  }

  poolSizes(): Record<PoolName, number> {
    return Object.fromEntries(Object.entries(this.pools).map(([name, pool]) => [name, pool.length])) as Record<PoolName, number>;
  }

  /** One request of the mix. */
  async step(): Promise<StepResult> {
    const op = this.choose();
    switch (op) {
      case 'register':
        return this.register(Math.random() < 0.65 ? 'current' : 'past', Math.random() < 0.5);
      case 'decide':
        return this.advance(op, 'requested', (r) => ({ path: 'cover-decision', body: { decision: 'GRANTED', decidedAt: plusDays(r.invoiceDate, 1) }, token: this.tokens.underwriter }), (r) => {
          r.decidedOn = plusDays(r.invoiceDate, 1);
          return 'granted';
        });
      case 'ship':
        return this.ship(this.take('granted'));
      case 'pay': {
        let amount = 0;
        return this.advance(op, 'payable', (r) => {
          amount = r.payments >= 3 ? r.amount - r.paid : Math.floor(r.amount / 4);
          return { path: 'payments', body: { amount, receivedAt: this.today, reference: `bank transfer ${this.tag}/${++this.sequence}` }, token: this.integrationToken(r) };
        }, (r) => {
          r.paid += amount;
          r.payments++;
          return r.paid < r.amount ? 'payable' : undefined; // SETTLED
        });
      }
      case 'declare':
        return this.advance(op, 'overdue', () => ({ path: 'overdue-declaration', body: { declaredAt: this.today }, token: this.tokens.claims }), () => 'payable');
      case 'file':
        return this.advance(op, 'claimable', () => ({ path: 'claims', body: { reason: 'INSOLVENCY', filedAt: this.today }, token: this.tokens.claims, status: 201 }), () => 'filed');
      case 'approve':
        return this.advance(op, 'filed', () => ({ path: 'claim-decision', body: { decision: 'APPROVED', decidedAt: this.today }, token: this.tokens.claims }), () => 'approved');
      case 'indemnity':
        return this.advance(op, 'approved', () => ({ path: 'indemnity-payment', body: { paidAt: this.today }, token: this.tokens.claims }), () => undefined);
      case 'duplicate': {
        const first = pick(this.registered);
        const reply = await this.send('POST', '/v1/receivables', first.body, first.token);
        return this.verdict(op, reply, 201, 409);
      }
      case 'invalid': {
        const target = pick(this.registered);
        const reply = await this.send('POST', `/v1/receivables/${target.id}/shipment`, { shippedAt: this.today, carrier: 'unknown field' }, this.tokens.underwriter);
        return this.verdict(op, reply, 200, 400);
      }
      case 'replay': {
        const first = pick(this.sent);
        const reply = await this.send(first.method, first.path, first.body, first.token, first.key, false);
        const result = this.verdict(op, reply, first.status);
        return reply.replayed || result.verdict !== 'ok' ? result : { ...result, verdict: 'unexpected', detail: 'not marked idempotent-replayed' };
      }
    }
  }

  private choose(): OpName {
    const available = (Object.keys(WEIGHTS) as OpName[]).filter((op) => this.available(op));
    const total = available.reduce((sum, op) => sum + WEIGHTS[op], 0);
    let ticket = Math.random() * total;
    for (const op of available) if ((ticket -= WEIGHTS[op]) < 0) return op;
    return 'register';
  }

  private available(op: OpName): boolean {
    switch (op) {
      case 'register':
        return true;
      case 'decide':
        return this.pools.requested.length > 0;
      case 'ship':
        return this.pools.granted.length > 0;
      case 'pay':
        return this.pools.payable.length > 0;
      case 'declare':
        return this.pools.overdue.length > 0;
      case 'file':
        return this.pools.claimable.length > 0;
      case 'approve':
        return this.pools.filed.length > 0;
      case 'indemnity':
        return this.pools.approved.length > 0;
      case 'duplicate':
      case 'invalid':
        return this.registered.length > 0;
      case 'replay':
        return this.sent.length > 0;
    }
  }

  private async register(lane: Lane, automatic: boolean, debtorId = pick(this.world.healthyDebtors)): Promise<StepResult> {
    const policy = pick(this.world.policies);
    const invoiceDate = lane === 'current' ? day(-10) : day(-70);
    const dueDate = lane === 'current' ? day(50) : lane === 'past' ? day(-10) : day(20);
    const amount = automatic ? 1_500_000 + Math.floor(Math.random() * 4_000_000) : DISCRETIONARY_LIMIT + 500_000 + Math.floor(Math.random() * 4_000_000);
    const body = {
      policyId: policy.id,
      debtorId,
      invoiceNumber: `INV-${this.tag}-${++this.sequence}`,
      invoiceDate,
      dueDate,
      amount,
      currency: 'EUR',
      ...(automatic && { requestedCover: 1_500_000 }),
    };
    const reply = await this.send('POST', '/v1/receivables', body, policy.integrationToken);
    const result = this.verdict('register', reply, 201);
    if (result.verdict !== 'ok') return result;
    const { id, status } = reply.body as { id: string; status: string };
    const receivable: Receivable = { id, policyId: policy.id, lane, amount, invoiceDate, paid: 0, payments: 0 };
    if (status === 'COVER_GRANTED') receivable.decidedOn = invoiceDate;
    this.pools[status === 'COVER_GRANTED' ? 'granted' : 'requested'].push(receivable);
    this.registered.push({ body, token: policy.integrationToken, id });
    if (this.registered.length > REGISTERED_RING) this.registered.splice(0, this.registered.length - REGISTERED_RING);
    return result;
  }

  /**
   * Takes a receivable out of `from`, sends the step and, when it succeeds, puts it into the
   * pool `then` names (none: its lifecycle ends here). A receivable that got an unexpected
   * answer is dropped, so that one surprise does not repeat.
   */
  private advance(
    op: OpName,
    from: PoolName,
    command: (r: Receivable) => { path: string; body: object; token: string; status?: number },
    then: (r: Receivable) => PoolName | undefined,
  ): Promise<StepResult> {
    return this.sendStep(op, this.take(from), command, then);
  }

  /** Step 3: each shipment targets a receivable granted earlier, one day after the decision. */
  private ship(receivable: Receivable): Promise<StepResult> {
    return this.sendStep('ship', receivable, (r) => ({ path: 'shipment', body: { shippedAt: plusDays(r.decidedOn!, 1) }, token: this.integrationToken(r) }), (r) =>
      r.lane === 'past' ? 'overdue' : r.lane === 'claim' ? 'claimable' : 'payable',
    );
  }

  private take(from: PoolName): Receivable {
    const pool = this.pools[from];
    const index = Math.floor(Math.random() * pool.length);
    const receivable = pool[index];
    pool[index] = pool[pool.length - 1];
    pool.pop();
    return receivable;
  }

  private async sendStep(
    op: OpName,
    receivable: Receivable,
    command: (r: Receivable) => { path: string; body: object; token: string; status?: number },
    then: (r: Receivable) => PoolName | undefined,
  ): Promise<StepResult> {
    const { path, body, token, status = 200 } = command(receivable);
    const reply = await this.send('POST', `/v1/receivables/${receivable.id}/${path}`, body, token);
    const result = this.verdict(op, reply, status);
    if (result.verdict === 'ok') {
      const next = then(receivable);
      if (next) this.pools[next].push(receivable);
    }
    return result;
  }

  private verdict(op: OpName, reply: Reply, expected: number, intentional?: number): StepResult {
    const verdict = reply.status === expected ? 'ok' : reply.status === intentional ? 'intentional' : 'unexpected';
    return {
      op,
      status: reply.status,
      verdict,
      replayed: reply.replayed,
      ...(verdict === 'unexpected' && { detail: reply.error ?? JSON.stringify(reply.body).slice(0, 300) }),
    };
  }

  private integrationToken(r: Receivable): string {
    return this.world.policies.find((p) => p.id === r.policyId)!.integrationToken;
  }

  private async send(method: string, path: string, body: unknown, token: string, key: string = randomUUID(), remember = true): Promise<Reply> {
    const reply = await this.http.send(method, path, body, { authorization: `Bearer ${token}`, 'idempotency-key': key });
    if (remember && reply.status >= 200 && reply.status < 300) {
      this.sent.push({ method, path, body, token, key, status: reply.status });
      if (this.sent.length > REPLAY_RING) this.sent.shift();
    }
    return reply;
  }

  private async seedReceivables(plan: SeedPlan, policies: { id: string; integrationToken: string }[], debtors: string[], concurrency: number, progress: (message: string) => void): Promise<void> {
    this.world = { policies, healthyDebtors: debtors.slice(0, plan.healthyDebtors), insolventDebtors: debtors.slice(plan.healthyDebtors) };
    const { requested, granted, payable, overdue, claimable } = plan.receivables;
    const jobs: (() => Promise<StepResult>)[] = [
      ...Array.from({ length: requested }, () => () => this.register('current', false)),
      ...Array.from({ length: granted + payable }, () => () => this.register('current', true)),
      ...Array.from({ length: overdue }, () => () => this.register('past', true)),
      ...Array.from({ length: claimable }, (_, i) => () => this.register('claim', true, this.world.insolventDebtors[i % this.world.insolventDebtors.length])),
    ];
    const check = (result: StepResult) => {
      if (result.verdict !== 'ok') throw new Error(`seed ${result.op}: ${result.status} ${result.detail}`);
    };
    await inParallel(jobs, concurrency, async (job) => check(await job()));
    // Ship all but the `granted` share: a shipment moves each into payable, overdue or claimable by its lane.
    const current = this.pools.granted.filter((r) => r.lane === 'current');
    const toShip = this.pools.granted.filter((r) => r.lane !== 'current').concat(current.slice(granted));
    this.pools.granted = current.slice(0, granted);
    await inParallel(toShip, concurrency, async (receivable) => check(await this.ship(receivable)));
    // The debtors of the claims lane become insolvent once their receivables are shipped.
    await inParallel(this.world.insolventDebtors, concurrency, async (debtorId) => {
      const reply = await this.send('POST', `/v1/debtors/${debtorId}/insolvency`, { declaredAt: day(-5), proceeding: 'liquidation' }, this.tokens.underwriter);
      if (reply.status !== 200) throw new Error(`seed insolvency: ${reply.status} ${JSON.stringify(reply.body)}`);
    });
    this.sent.length = 0;
    progress(`  seeded receivables: ${JSON.stringify(this.poolSizes())}`);
  }
}
