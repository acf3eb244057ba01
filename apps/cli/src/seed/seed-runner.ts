import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore, Position } from '@tc/eventstore';
import { CalendarDate, addDays } from '@tc/kernel';
import { Role, signJwt } from '@tc/platform';
import { PROCESS_RUNNER, PROJECTOR, ProcessRunner, Projector } from '@tc/projector';
import { DebtorPlan, HISTORY_DAYS, PortfolioPlan, ReceivablePlan } from './portfolio-plan';
import { Status, Step, StepKind } from './stories';

/**
 * Writes a planned portfolio through the API's own routes, injected in-process into the app
 * `createApi` builds (validation, auth, command handlers, the one pipeline: nothing is
 * written beside them). The manual clock moves day by day, so no fact is ever dated after
 * today and the service's timers fire on their own dates. Within a day, receivables go
 * `concurrency` at a time (the event store commits concurrent appends together); a
 * receivable's requests of the day go in order.
 */
export interface SeedRunOptions {
  /** Requests in flight at once (default 64). */
  readonly concurrency?: number;
  /** The instant the clock ends on, on the last day (default 18:00 UTC): `npm start` on the system clock then carries on from it. */
  readonly endInstant?: Date;
  /** A line for the person waiting, at most once a second. */
  readonly progress?: (line: string) => void;
}

export interface SeedReport {
  readonly today: CalendarDate;
  readonly seed: number;
  readonly receivables: number;
  readonly policies: number;
  readonly debtors: number;
  readonly namedLimits: number;
  readonly requests: number;
  /** Events in the log at the end (the SQLite position counts them). */
  readonly events: number;
  /** Writing, then waiting for the views to catch up. */
  readonly seconds: number;
  readonly catchUpSeconds: number;
  /** By status, as the portfolio dashboard reports it once the views caught up, and as planned. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly expected: Readonly<Record<string, number>>;
  /** Requests the service refused (the receivable's later steps are then skipped); none when the plan holds. */
  readonly refusals: readonly { readonly code: string; readonly count: number; readonly example: string }[];
  readonly rssMb: number;
}

const DAY_END = 'T18:00:00Z';
const SOURCE = 'seed: rating agency';

interface Route {
  readonly path: string;
  readonly role: Role;
}

/** The route of each step of a receivable. */
const ROUTES: Readonly<Record<Exclude<StepKind, 'register'>, Route>> = {
  decideCover: { path: 'cover-decision', role: 'underwriter' },
  ship: { path: 'shipment', role: 'underwriter' },
  pay: { path: 'payments', role: 'claims' },
  openDispute: { path: 'disputes', role: 'claims' },
  resolveDispute: { path: 'disputes/resolution', role: 'claims' },
  declareOverdue: { path: 'overdue-declaration', role: 'claims' },
  handOver: { path: 'collection', role: 'claims' },
  collectionRecovery: { path: 'collection-recoveries', role: 'claims' },
  fileClaim: { path: 'claims', role: 'claims' },
  decideClaim: { path: 'claim-decision', role: 'claims' },
  payIndemnity: { path: 'indemnity-payment', role: 'claims' },
  recover: { path: 'recoveries', role: 'claims' },
  close: { path: 'closure', role: 'claims' },
};

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A seed writes a whole portfolio, from its first day: never on top of another history. */
export class StoreNotEmptyError extends Error {
  constructor() {
    super('the event store is not empty: a seed writes a whole portfolio into an empty DATA_DIR');
    this.name = 'StoreNotEmptyError';
  }
}

/** A request the service answered with a 4xx: the plan and the service disagree. */
class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function seedPortfolio(app: NestFastifyApplication, plan: PortfolioPlan, jwtSecret: string, options: SeedRunOptions = {}): Promise<SeedReport> {
  return new PortfolioSeeder(app, plan, jwtSecret, options).run();
}

class PortfolioSeeder {
  private readonly fastify;
  private readonly tokens: Record<Role, string>;
  private readonly store: EventStore;
  private readonly projector: Projector;
  private readonly processes: ProcessRunner;
  private readonly concurrency: number;
  private readonly policyIds: string[] = [];
  private readonly debtorIds: string[] = [];
  private readonly receivableIds: (string | undefined)[];
  /** Receivables whose story stopped at a refusal. */
  private readonly derailed = new Set<number>();
  private readonly refusals = new Map<string, { count: number; example: string }>();
  private requests = 0;
  private registered = 0;
  private readonly started = Date.now();
  private printedAt = Date.now();
  private readonly plannedRequests: number;

  constructor(
    app: NestFastifyApplication,
    private readonly plan: PortfolioPlan,
    jwtSecret: string,
    private readonly options: SeedRunOptions,
  ) {
    this.fastify = app.getHttpAdapter().getInstance();
    const token = (role: Role) => signJwt({ sub: `seed-${role}`, role }, jwtSecret, 24 * 3600);
    this.tokens = { underwriter: token('underwriter'), claims: token('claims'), admin: token('admin'), analyst: token('analyst'), auditor: token('auditor'), integration: '' };
    this.store = app.get<EventStore>(EVENT_STORE);
    this.projector = app.get<Projector>(PROJECTOR);
    this.processes = app.get<ProcessRunner>(PROCESS_RUNNER);
    this.concurrency = options.concurrency ?? 64;
    this.receivableIds = new Array(plan.receivables.length);
    this.plannedRequests =
      plan.policies.length * 2 +
      plan.debtors.length * 2 +
      plan.limits.length +
      plan.receivables.reduce((sum, r) => sum + r.steps.length, 0) +
      plan.declarations.length +
      plan.debtors.reduce((sum, d) => sum + d.events.length, 0);
  }

  async run(): Promise<SeedReport> {
    const { plan } = this;
    if ((await this.store.headPosition()) !== undefined) throw new StoreNotEmptyError();
    const byDay = this.agenda();
    for (let day = 0; day <= HISTORY_DAYS; day++) {
      const work = byDay[day];
      // A day without business is folded into the next: its timers fire there, each dated on its own day.
      if (day > 0 && day < HISTORY_DAYS && !work) continue;
      await this.moveClock(day);
      if (day === 0) await this.setUp();
      if (work) {
        await this.debtorEvents(day, work.debtors);
        await this.receivableSteps(day, work.receivables);
        await this.pool(work.limits, (i) => this.topUp(i));
        await this.pool(work.declarations, (i) => this.declare(i));
      }
      this.report(day, false);
    }
    const writing = (Date.now() - this.started) / 1000;
    this.report(HISTORY_DAYS, true);
    const head = (await this.store.headPosition()) as Position;
    const { reached } = await this.projector.waitFor(head, { timeoutMs: 30 * 60_000 });
    if (!reached) throw new Error(`the views did not reach ${head}`);
    const seconds = (Date.now() - this.started) / 1000;
    const dashboard = await this.send('GET', '/v1/dashboards/portfolio', 'analyst');
    return {
      today: plan.options.today,
      seed: plan.options.seed,
      receivables: plan.receivables.length,
      policies: plan.policies.length,
      debtors: plan.debtors.length,
      namedLimits: plan.limits.length,
      requests: this.requests,
      events: Number(head),
      seconds,
      catchUpSeconds: seconds - writing,
      statuses: dashboard.body.statuses as Record<string, number>,
      expected: countBy(plan.receivables, (r) => r.expected),
      refusals: [...this.refusals].map(([code, { count, example }]) => ({ code, count, example })),
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
  }

  // ---- the calendar

  /** What each day holds: debtor events, receivables with a step that day, top-ups, premium declarations. */
  private agenda() {
    const { plan } = this;
    type Day = { debtors: [number, DebtorPlan['events'][number]][]; receivables: number[]; limits: number[]; declarations: number[] };
    const days: (Day | undefined)[] = new Array(HISTORY_DAYS + 1);
    const at = (day: number): Day => (days[day] ??= { debtors: [], receivables: [], limits: [], declarations: [] });
    plan.debtors.forEach((debtor, i) => debtor.events.forEach((event) => at(event.day).debtors.push([i, event])));
    plan.receivables.forEach((r, i) => {
      let previous = -1;
      for (const step of r.steps) if (step.day !== previous) at((previous = step.day)).receivables.push(i);
    });
    plan.limits.forEach((limit, i) => limit.topUp && at(limit.topUp.day).limits.push(i));
    plan.declarations.forEach((d, i) => at(d.day).declarations.push(i));
    return days;
  }

  /** Moves the manual clock to the end of a business day; the service runs the timers that came due before it answers. */
  private async moveClock(day: number): Promise<void> {
    // The timers view must hold every event so far, or a timer due today could be missed.
    const head = await this.store.headPosition();
    if (head !== undefined) await this.projector.waitFor(head, { projections: ['receivable-timers'], timeoutMs: 10 * 60_000 });
    const last = day === HISTORY_DAYS && this.options.endInstant;
    const now = last ? this.options.endInstant.toISOString() : `${this.plan.days[day]}${DAY_END}`;
    await this.ok('POST', '/v1/admin/clock', 'admin', { now });
  }

  // ---- day 0: policies, debtors and their first ratings, named limits

  private async setUp(): Promise<void> {
    const { plan } = this;
    const masters = plan.policies.map((_, i) => i).filter((i) => plan.policies[i].parent === null);
    const subs = plan.policies.map((_, i) => i).filter((i) => plan.policies[i].parent !== null);
    for (const group of [masters, subs]) await this.pool(group, (i) => this.issue(i));
    await this.pool(
      plan.policies.flatMap((p, i) => p.options.map((o) => [i, o] as const)),
      ([i, o]) => this.ok('POST', `/v1/policies/${this.policyIds[i]}/options`, 'underwriter', o).then(() => undefined),
    );
    await this.pool(
      plan.debtors.map((_, i) => i),
      async (i) => {
        const { legalId, country, name, sector, initialGrade } = plan.debtors[i];
        this.debtorIds[i] = (await this.ok('POST', '/v1/debtors', 'underwriter', { legalId, country, name, sector })).id as string;
        await this.ok('POST', `/v1/debtors/${this.debtorIds[i]}/ratings`, 'underwriter', { grade: initialGrade, ratedAt: plan.days[0], source: SOURCE });
      },
    );
    await this.pool(
      plan.limits.map((_, i) => i),
      (i) => {
        const { policy, debtor, amount } = plan.limits[i];
        const body = { amount, effectiveFrom: plan.days[0], validUntil: addDays(plan.options.today, 365), conditions: ['payment terms up to the policy maximum', 'no sale after a payment default'] };
        return this.ok('PUT', `/v1/policies/${this.policyIds[policy]}/credit-limits/${this.debtorIds[debtor]}`, 'underwriter', body).then(() => undefined);
      },
    );
  }

  private async issue(i: number): Promise<void> {
    const p = this.plan.policies[i];
    const body = {
      policyholder: p.policyholder,
      product: p.product,
      currency: p.currency,
      effectiveFrom: p.effectiveFrom,
      annualPremium: p.annualPremium,
      ...(p.premiumRate !== null && { premiumRate: p.premiumRate }),
      estimatedTurnover: p.estimatedTurnover,
      ...p.terms,
      ...(p.parent !== null && { parentPolicyId: this.policyIds[p.parent] }),
    };
    this.policyIds[i] = (await this.ok('POST', '/v1/policies', 'underwriter', body)).id as string;
  }

  private async topUp(i: number): Promise<void> {
    const { policy, debtor, topUp } = this.plan.limits[i];
    if (!topUp) return;
    const body = { amount: topUp.amount, from: this.plan.days[topUp.day], until: addDays(this.plan.days[0], topUp.until) };
    await this.ok('POST', `/v1/policies/${this.policyIds[policy]}/credit-limits/${this.debtorIds[debtor]}/top-ups`, 'underwriter', body);
  }

  private async declare(i: number): Promise<void> {
    const { policy, period, insuredTurnover } = this.plan.declarations[i];
    await this.ok('POST', `/v1/policies/${this.policyIds[policy]}/turnover-declarations`, 'underwriter', { period, insuredTurnover });
  }

  // ---- debtors: rating changes and insolvencies, then what monitoring does about them

  private async debtorEvents(day: number, events: readonly [number, DebtorPlan['events'][number]][]): Promise<void> {
    if (events.length === 0) return;
    const date = this.plan.days[day];
    const positions: Position[] = [];
    await this.pool(events, async ([i, event]) => {
      const id = this.debtorIds[i];
      const reply =
        event.kind === 'rating'
          ? await this.ok('POST', `/v1/debtors/${id}/ratings`, 'underwriter', { grade: event.grade, ratedAt: date, source: SOURCE })
          : await this.ok('POST', `/v1/debtors/${id}/insolvency`, 'claims', { declaredAt: date, proceeding: 'liquidation' });
      if (typeof reply.position === 'string') positions.push(reply.position);
    });
    // Alerts on open receivables and limit reductions come from processes on the log: the day's
    // business waits for them, so that they land at the same point in every run.
    if (positions.length === 0) return;
    const last = positions.reduce((a, b) => (this.store.comparePositions(a, b) >= 0 ? a : b));
    for (const started = Date.now(); !(await this.processes.handledUpTo(last)); await sleep(2)) {
      if (Date.now() - started > 120_000) throw new Error(`the monitoring processes did not reach ${last}`);
    }
  }

  // ---- receivables

  /**
   * Each receivable's steps of the day, in order; receivables side by side. Claim decisions
   * wait for the end of the day and go per policy in invoice order: the aggregate first loss
   * and the maximum liability are used up in approval order.
   */
  private async receivableSteps(day: number, receivables: readonly number[]): Promise<void> {
    const decisions: [number, Step][] = [];
    await this.pool(receivables, async (i) => {
      for (const step of this.plan.receivables[i].steps) {
        if (step.day !== day || this.derailed.has(i)) continue;
        if (step.kind === 'decideClaim') decisions.push([i, step]);
        else await this.step(i, step);
      }
    });
    const byPolicy = new Map<number, [number, Step][]>();
    for (const decision of decisions.sort(([a], [b]) => a - b)) {
      const policy = this.plan.receivables[decision[0]].policy;
      byPolicy.set(policy, [...(byPolicy.get(policy) ?? []), decision]);
    }
    await this.pool([...byPolicy.values()], async (queue) => {
      for (const [i, step] of queue) await this.step(i, step);
    });
  }

  private async step(i: number, step: Step): Promise<void> {
    const r = this.plan.receivables[i];
    try {
      if (step.kind === 'register') return await this.register(i, r, step);
      const id = this.receivableIds[i] as string;
      const { path, role } = ROUTES[step.kind];
      await this.ok('POST', `/v1/receivables/${id}/${path}`, role, step.body);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      this.derailed.add(i);
      const known = this.refusals.get(error.code);
      if (known) known.count++;
      else this.refusals.set(error.code, { count: 1, example: `${r.invoiceNumber} (${r.variant}), ${step.kind} on ${this.plan.days[step.day]}: ${error.message}` });
    }
  }

  private async register(i: number, r: ReceivablePlan, step: Step): Promise<void> {
    const body = { ...step.body, policyId: this.policyIds[r.policy], debtorId: this.debtorIds[r.debtor], invoiceNumber: r.invoiceNumber };
    const reply = await this.ok('POST', '/v1/receivables', 'underwriter', body);
    this.receivableIds[i] = reply.id as string;
    this.registered++;
    const status = reply.status as Status;
    // The plan sized every limit for its automatic decisions: any other outcome is a plan error.
    if (status !== (r.manual ? 'COVER_REQUESTED' : 'COVER_GRANTED')) throw new Refused('PLAN_MISMATCH', `registered as ${status}, planned ${r.manual ? 'for an underwriter' : 'automatic'}`);
  }

  // ---- HTTP, in-process

  private async ok(method: 'POST' | 'PUT', url: string, role: Role, payload: object): Promise<Record<string, unknown>> {
    const reply = await this.send(method, url, role, payload);
    return reply.body;
  }

  private async send(method: 'GET' | 'POST' | 'PUT', url: string, role: Role, payload?: object): Promise<Reply> {
    this.requests++;
    const res = await this.fastify.inject({ method, url, payload, headers: { authorization: `Bearer ${this.tokens[role]}` } });
    if (res.statusCode < 300) return { status: res.statusCode, body: res.json() };
    const problem = safeJson(res.body);
    const message = `${method} ${url}: ${res.statusCode} ${String(problem.code ?? '')} ${String(problem.detail ?? res.body)}`;
    if (res.statusCode >= 400 && res.statusCode < 500 && url.startsWith('/v1/receivables')) throw new Refused(String(problem.code ?? res.statusCode), message);
    throw new Error(message);
  }

  /** Runs `work` over `items`, `concurrency` at a time. */
  private async pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < items.length) await work(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, worker));
  }

  private report(day: number, force: boolean): void {
    const now = Date.now();
    if (!this.options.progress || (!force && now - this.printedAt < 1_000)) return;
    this.printedAt = now;
    const seconds = (now - this.started) / 1000;
    const rate = this.requests / Math.max(seconds, 1e-3);
    const left = Math.max(0, this.plannedRequests - this.requests) / Math.max(rate, 1);
    const n = (x: number) => x.toLocaleString('en-US');
    this.options.progress(
      `  ${this.plan.days[day]} (day ${day}/${HISTORY_DAYS}): ${n(this.registered)}/${n(this.plan.receivables.length)} receivables, ` +
        `${n(this.requests)} requests (${n(Math.round(rate))}/s, ${n(Math.round(this.registered / Math.max(seconds, 1e-3)))} receivables/s), ETA ${formatSeconds(left)}`,
    );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function safeJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export const formatSeconds = (s: number): string => (s < 90 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`);
