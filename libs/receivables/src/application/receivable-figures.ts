import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CalendarDate, addDays } from '@tc/kernel';
import { PROJECTOR, Projector } from '@tc/projector';
import { READ_STORE, ReadStore, Where } from '@tc/readstore';
import { ClaimStatus, INDEMNITY_PAYMENT_TARGET_DAYS, RECEIVABLE_STATUSES, ReceivableStatus } from '../domain';
import { ALL_STATS_ID, DECISION_TARGET_HOURS, RECEIVABLE_STATS_VIEW, ReceivableStatsDoc, policyStatsId } from '../projections/receivable-stats';
import { RECEIVABLES_PROJECTION, RECEIVABLES_VIEW, ReceivableDoc, receivablesProjection } from '../projections/receivables.projection';

const CLAIM_STATUSES: readonly ClaimStatus[] = ['FILED', 'APPROVED', 'REJECTED', 'PAID'];

/** Days past due (today − due date), DOMAIN.md's overdue ageing. */
export const AGEING_BUCKETS = [
  { bucket: '1-30', from: 1, to: 30 },
  { bucket: '31-60', from: 31, to: 60 },
  { bucket: '61-90', from: 61, to: 90 },
  { bucket: '91+', from: 91, to: null },
] as const;

export interface CurrencyOutstanding {
  readonly currency: string;
  readonly receivables: number;
  readonly amount: number;
  readonly outstanding: number;
}
export interface AgeingBucket {
  readonly bucket: string;
  readonly daysPastDue: { readonly from: number; readonly to: number | null };
  readonly byCurrency: { readonly currency: string; readonly receivables: number; readonly outstanding: number }[];
}
export interface ClaimsFigure {
  readonly count: number;
  /** Policy currency: one row per currency. */
  readonly amounts: { readonly currency: string; readonly insuredLoss: number; readonly indemnity: number }[];
}
export interface Turnaround {
  readonly count: number;
  readonly withinTarget: number;
  /** withinTarget ÷ count, 4 decimals; null when none. */
  readonly shareWithinTarget: number | null;
  readonly averageHours: number | null;
  readonly maxHours: number | null;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const share = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));
const byKey = <T extends { currency: string }>(a: T, b: T) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0);

/** Reading one stats document's counters back into the dashboards' shapes. */
export class StatsReading {
  constructor(private readonly doc: ReceivableStatsDoc | undefined) {}

  counter(key: string): number {
    return this.doc?.counters[key] ?? 0;
  }

  maximum(key: string): number | undefined {
    return this.doc?.maxima[key];
  }

  /** Every status, 0 included. */
  statuses(): Record<ReceivableStatus, number> {
    return Object.fromEntries(RECEIVABLE_STATUSES.map((s) => [s, this.counter(`status:${s}`)])) as Record<ReceivableStatus, number>;
  }

  /** Rows of `<prefix>:<currency>:<field>` counters, per currency. */
  perCurrency(prefix: string): Map<string, Record<string, number>> {
    const rows = new Map<string, Record<string, number>>();
    for (const [key, value] of Object.entries(this.doc?.counters ?? {})) {
      if (!key.startsWith(`${prefix}:`)) continue;
      const parts = key.slice(prefix.length + 1).split(':');
      if (parts.length !== 2) continue;
      const [currency, field] = parts;
      rows.set(currency, { ...(rows.get(currency) ?? {}), [field]: value });
    }
    return rows;
  }

  openOutstanding(): CurrencyOutstanding[] {
    return [...this.perCurrency('open')].map(([currency, f]) => ({ currency, receivables: f.count ?? 0, amount: f.amount ?? 0, outstanding: f.outstanding ?? 0 })).sort(byKey);
  }

  claims(): Record<ClaimStatus, ClaimsFigure> {
    return Object.fromEntries(
      CLAIM_STATUSES.map((status) => [
        status,
        {
          count: this.counter(`claims:${status}:count`),
          amounts: [...this.perCurrency(`claims:${status}`)].map(([currency, f]) => ({ currency, insuredLoss: f.insuredLoss ?? 0, indemnity: f.indemnity ?? 0 })).sort(byKey),
        },
      ]),
    ) as Record<ClaimStatus, ClaimsFigure>;
  }

  filingToPayment() {
    const paid = this.counter('paid:count');
    const withinTarget = this.counter('paid:withinTarget');
    return {
      targetDays: INDEMNITY_PAYMENT_TARGET_DAYS,
      paid,
      withinTarget,
      shareWithinTarget: share(withinTarget, paid),
      averageDays: paid === 0 ? null : round(this.counter('paid:days') / paid, 2),
      maxDays: this.maximum('paid:days') ?? null,
    };
  }

  turnaround(kinds: readonly ('automatic' | 'manual')[]): Turnaround {
    const sum = (field: string) => kinds.reduce((total, kind) => total + this.counter(`decided:${kind}:${field}`), 0);
    const count = sum('count');
    const withinTarget = sum('withinTarget');
    const maxima = kinds.map((kind) => this.maximum(`decided:${kind}:minutes`)).filter((m): m is number => m !== undefined);
    return {
      count,
      withinTarget,
      shareWithinTarget: share(withinTarget, count),
      averageHours: count === 0 ? null : round(sum('minutes') / count / 60, 2),
      maxHours: maxima.length === 0 ? null : round(Math.max(...maxima) / 60, 2),
    };
  }
}

/**
 * The receivables read model for the dashboards: running figures from the stats documents;
 * whatever depends on today (ageing, pending requests' age) from indexed range queries on
 * the receivables view. Registers the projection with the projector.
 */
@Injectable()
export class ReceivableFigures implements OnModuleInit {
  static readonly projection = RECEIVABLES_PROJECTION;

  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(READ_STORE) private readonly views: ReadStore,
  ) {}

  onModuleInit(): void {
    this.projector.register(receivablesProjection);
  }

  async stats(policyId?: string): Promise<StatsReading> {
    return new StatsReading(await this.views.get<ReceivableStatsDoc>(RECEIVABLE_STATS_VIEW, policyId === undefined ? ALL_STATS_ID : policyStatsId(policyId)));
  }

  /** Open receivables with something owed, by days past due: four range sums on the due date. */
  async ageing(today: CalendarDate, policyId?: string): Promise<AgeingBucket[]> {
    return Promise.all(
      AGEING_BUCKETS.map(async ({ bucket, from, to }) => {
        const dueDate = { lte: addDays(today, -from), ...(to !== null && { gte: addDays(today, -to) }) };
        const where: Where = { owing: true, dueDate, ...(policyId !== undefined && { policyId }) };
        const rows = await this.views.sum(RECEIVABLES_VIEW, where, ['outstanding'], 'currency');
        return { bucket, daysPastDue: { from, to }, byCurrency: rows.map((r) => ({ currency: String(r.group), receivables: r.count, outstanding: r.sums.outstanding })) };
      }),
    );
  }

  /** Cover requests still waiting: how many are past the 24-hour target, and the oldest ones. */
  async pendingRequests(now: Date, oldest: number) {
    const cutoff = new Date(now.getTime() - DECISION_TARGET_HOURS * 3_600_000).toISOString();
    const [stats, overTarget, page] = await Promise.all([
      this.stats(),
      this.views.count(RECEIVABLES_VIEW, { status: 'COVER_REQUESTED', requestedInstant: { lt: cutoff } }),
      this.views.find<ReceivableDoc>(RECEIVABLES_VIEW, { where: { status: 'COVER_REQUESTED' }, sort: { field: 'requestedInstant' }, limit: oldest }),
    ]);
    return {
      count: stats.counter('status:COVER_REQUESTED'),
      overTarget,
      oldest: page.items.map((doc) => {
        const ageHours = round((now.getTime() - Date.parse(doc.requestedInstant)) / 3_600_000, 2);
        return { id: doc.id, policyId: doc.policyId, debtorId: doc.debtorId, invoiceNumber: doc.invoiceNumber, requestedAt: doc.requestedInstant, ageHours, overTarget: ageHours > DECISION_TARGET_HOURS };
      }),
    };
  }
}
