import { INDEMNITY_PAYMENT_TARGET_DAYS, ReceivableView } from '../domain';

/**
 * The dashboards' running figures, one document for the whole portfolio (`all`) and one per
 * policy (`policy:<id>`). A receivable contributes a set of named counters (its status, its
 * open amount and outstanding per currency, its claim, its cover decision); on every event
 * the projection adds what it contributes now and subtracts what it contributed before, so
 * nothing is ever recounted by scanning. Maxima only grow: a decision or an indemnity payment
 * is recorded once and never undone.
 *
 * Counter keys (`:`-separated, no `.`, so MongoDB stores them as they are):
 * - `receivables`, `status:<STATUS>`
 * - `open:<currency>:count|amount|outstanding` (receivable currency)
 * - `claims:<FILED|APPROVED|REJECTED|PAID>:count`, `claims:<status>:<policy currency>:insuredLoss|indemnity`
 * - `paid:count|withinTarget|days` (filing to payment of indemnities)
 * - `decided:<automatic|manual>:count|withinTarget|minutes`, `decision:<GRANTED|PARTIAL|REFUSED>`
 */
export const RECEIVABLE_STATS_VIEW = 'receivable_stats';

/** DOMAIN.md step 2: request to decision within 24 hours. */
export const DECISION_TARGET_HOURS = 24;

export interface ReceivableStatsDoc {
  readonly id: string;
  /** Null for the whole portfolio. */
  readonly policyId: string | null;
  readonly counters: Readonly<Record<string, number>>;
  readonly maxima: Readonly<Record<string, number>>;
  [field: string]: unknown;
}

/** What the stats need of a receivable's document. */
export type Contributor = Pick<ReceivableView, 'status' | 'currency' | 'amount' | 'outstanding' | 'policyCurrency' | 'claim' | 'insuredLoss' | 'indemnity' | 'coverDecision'> & {
  readonly open: boolean;
  readonly requestedInstant: string;
  readonly decidedInstant: string | null;
  readonly state: { readonly cover: { readonly automatic: boolean } | null };
};

export interface Contribution {
  readonly counters: Readonly<Record<string, number>>;
  readonly maxima: Readonly<Record<string, number>>;
}

export const ALL_STATS_ID = 'all';
export const policyStatsId = (policyId: string) => `policy:${policyId}`;
export const statsDocIds = (policyId: string): string[] => [ALL_STATS_ID, policyStatsId(policyId)];

const MINUTE_MS = 60_000;

/** Whole minutes from request to decision (never negative: a decision dated on the request's day at 00:00). */
export function turnaround(requestedInstant: string, decidedInstant: string): { minutes: number; withinTarget: boolean } {
  const ms = Math.max(0, Date.parse(decidedInstant) - Date.parse(requestedInstant));
  return { minutes: Math.floor(ms / MINUTE_MS), withinTarget: ms <= DECISION_TARGET_HOURS * 60 * MINUTE_MS };
}

export function contributionOf(doc: Contributor | undefined): Contribution {
  const counters: Record<string, number> = {};
  const maxima: Record<string, number> = {};
  if (!doc) return { counters, maxima };
  const add = (key: string, value: number) => {
    if (value !== 0) counters[key] = (counters[key] ?? 0) + value;
  };
  add('receivables', 1);
  add(`status:${doc.status}`, 1);
  if (doc.open) {
    add(`open:${doc.currency}:count`, 1);
    add(`open:${doc.currency}:amount`, doc.amount);
    add(`open:${doc.currency}:outstanding`, doc.outstanding);
  }
  if (doc.claim) {
    const { status, daysToPayment } = doc.claim;
    add(`claims:${status}:count`, 1);
    add(`claims:${status}:${doc.policyCurrency}:insuredLoss`, doc.insuredLoss ?? 0);
    add(`claims:${status}:${doc.policyCurrency}:indemnity`, doc.indemnity ?? 0);
    if (status === 'PAID' && daysToPayment !== null) {
      add('paid:count', 1);
      add('paid:withinTarget', daysToPayment <= INDEMNITY_PAYMENT_TARGET_DAYS ? 1 : 0);
      add('paid:days', daysToPayment);
      maxima['paid:days'] = daysToPayment;
    }
  }
  if (doc.coverDecision && doc.decidedInstant && doc.state.cover) {
    const kind = doc.state.cover.automatic ? 'automatic' : 'manual';
    const { minutes, withinTarget } = turnaround(doc.requestedInstant, doc.decidedInstant);
    add(`decided:${kind}:count`, 1);
    add(`decided:${kind}:withinTarget`, withinTarget ? 1 : 0);
    add(`decided:${kind}:minutes`, minutes);
    add(`decision:${doc.coverDecision}`, 1);
    maxima[`decided:${kind}:minutes`] = minutes;
  }
  return { counters, maxima };
}

/**
 * Whether a change of contribution moves any figure: most reminders, alerts and timers leave
 * every counter as it was, and then the stats documents need not even be read.
 */
export function contributionMoves(was: Contribution, is: Contribution): boolean {
  const wasKeys = Object.keys(was.counters);
  const isKeys = Object.keys(is.counters);
  if (wasKeys.length !== isKeys.length || isKeys.some((key) => was.counters[key] !== is.counters[key])) return true;
  return Object.entries(is.maxima).some(([key, value]) => was.maxima[key] !== value);
}

/** The stats document after one receivable's contribution changed; undefined when nothing moved. */
export function withContributionChange(stats: ReceivableStatsDoc | undefined, id: string, policyId: string, was: Contribution, is: Contribution): ReceivableStatsDoc | undefined {
  const counters: Record<string, number> = { ...(stats?.counters ?? {}) };
  const maxima: Record<string, number> = { ...(stats?.maxima ?? {}) };
  let moved = stats === undefined;
  for (const key of new Set([...Object.keys(was.counters), ...Object.keys(is.counters)])) {
    const delta = (is.counters[key] ?? 0) - (was.counters[key] ?? 0);
    if (delta === 0) continue;
    moved = true;
    const value = (counters[key] ?? 0) + delta;
    if (value === 0) delete counters[key];
    else counters[key] = value;
  }
  for (const [key, value] of Object.entries(is.maxima)) {
    if (value > (maxima[key] ?? -1)) {
      maxima[key] = value;
      moved = true;
    }
  }
  if (!moved) return undefined;
  return { id, policyId: id === ALL_STATS_ID ? null : policyId, counters, maxima };
}
