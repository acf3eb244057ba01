import { CalendarDate, addDays } from '@tc/kernel';
import { StoredEvent } from '@tc/eventstore';
import { Projection, ProjectionTx } from '@tc/projector';
import { ViewDefinition } from '@tc/readstore';
import type { DebtorRegistered } from '@tc/debtors';
import type { PolicyEvent } from '@tc/policies';
import { CREDIT_LIMIT_EVENT_TYPES, CreditLimitEvent, CreditLimitState, creditLimitDecider, namedAmountInForce } from '../domain';

/**
 * Exposure and limits per policy × debtor, for the exposure dashboard and the portfolio's
 * exposure figure. Four views, all written by this projection:
 *
 * - `credit_exposure`: one document per credit-limit stream, its state folded with the
 *   credit limit's own `evolve`, the debtor's sector and country (from DebtorRegistered)
 *   and the reserved total.
 * - `credit_limit_segments`: the limit in force as a schedule of date ranges (named amount
 *   or discretionary limit between its change dates, each top-up over its own range), so
 *   the limit in force *today* per group is one indexed range sum at query time
 *   (`from ≤ today ≤ until`), never a fold over every stream.
 * - `exposure_groups`: the reserved exposure per group (debtor, sector, country, policy, and
 *   the whole book) and currency, moved on each event by the change of the stream's total.
 * - `exposure_refs`: what the projection keeps of debtors and policies (never changes later).
 */
export const CREDIT_EXPOSURE_PROJECTION = 'credit-exposure';
export const CREDIT_EXPOSURE_VIEW = 'credit_exposure';
export const LIMIT_SEGMENTS_VIEW = 'credit_limit_segments';
export const EXPOSURE_GROUPS_VIEW = 'exposure_groups';
export const LIMIT_CHANGES_VIEW = 'credit_limit_changes';
const REFS_VIEW = 'exposure_refs';

export type ExposureGroupBy = 'debtor' | 'sector' | 'country' | 'policy';
export type ExposureGroupKind = ExposureGroupBy | 'all';

/** Open-ended ranges: the schedule covers every date. */
export const FIRST_DAY: CalendarDate = '0001-01-01';
export const LAST_DAY: CalendarDate = '9999-12-31';
export const UNKNOWN = 'unknown';

export interface LimitSegment {
  readonly from: CalendarDate;
  readonly until: CalendarDate;
  readonly amount: number;
  readonly kind: 'NAMED' | 'DISCRETIONARY' | 'TOP_UP';
}

interface Placement {
  readonly policyId: string;
  readonly debtorId: string;
  readonly currency: string;
  readonly sector: string;
  readonly country: string;
  readonly debtorName: string;
}

export interface CreditExposureDoc extends Placement {
  readonly id: string;
  readonly reserved: number;
  readonly schedule: readonly LimitSegment[];
  readonly state: CreditLimitState;
  [field: string]: unknown;
}

export interface LimitSegmentDoc extends Placement, LimitSegment {
  readonly id: string;
  [field: string]: unknown;
}

export interface ExposureGroupDoc {
  readonly id: string;
  readonly groupBy: ExposureGroupKind;
  readonly key: string;
  readonly label: string;
  readonly currency: string;
  readonly reserved: number;
  /** Policy × debtor pairs with a credit-limit stream in this group. */
  readonly pairs: number;
  [field: string]: unknown;
}

interface DebtorRef {
  readonly id: string;
  readonly sector: string;
  readonly country: string;
  readonly name: string;
  [field: string]: unknown;
}

interface PolicyRef {
  readonly id: string;
  readonly discretionaryLimit: number;
  [field: string]: unknown;
}

const PLACEMENT = { policyId: 'string', debtorId: 'string', currency: 'string', sector: 'string', country: 'string' } as const;

const VIEWS: ViewDefinition[] = [
  { name: CREDIT_EXPOSURE_VIEW, fields: { ...PLACEMENT, reserved: 'number' } },
  {
    name: LIMIT_SEGMENTS_VIEW,
    fields: { ...PLACEMENT, from: 'date', until: 'date', amount: 'number' },
    // The limit in force today is a sum over the segments with from ≤ today ≤ until, per currency
    // and group: covering indexes answer it from the index alone (at 29,000 segments, 41 → 4 ms).
    compound: [
      ['currency', 'from', 'until', 'amount', 'debtorId', 'sector', 'country', 'policyId'],
      ['policyId', 'from', 'until', 'currency', 'amount'],
    ],
  },
  { name: EXPOSURE_GROUPS_VIEW, fields: { groupBy: 'string', key: 'string', currency: 'string' }, compound: [['groupBy', 'key']] },
  // By how much the limits in force change on each date, for the whole book and per policy: the
  // limit in force today is the sum of the changes up to today, a few hundred rows, not a scan of every segment.
  { name: LIMIT_CHANGES_VIEW, fields: { scope: 'string', currency: 'string', date: 'date', amount: 'number' }, compound: [['scope', 'date', 'currency', 'amount']] },
  { name: REFS_VIEW, fields: {} },
];

export const pairIdOf = (policyId: string, debtorId: string) => `${policyId}:${debtorId}`;
/** The scopes of the limit changes: the whole book, one policy. */
export const ALL_LIMITS_SCOPE = 'all';
export const policyLimitsScope = (policyId: string) => `policy:${policyId}`;

export interface LimitChangeDoc {
  readonly id: string;
  readonly scope: string;
  readonly currency: string;
  readonly date: CalendarDate;
  /** Net change of the limits in force on `date` (minor units of `currency`). */
  readonly amount: number;
  [field: string]: unknown;
}

/** A schedule as changes by date: each range adds its amount on its first day and takes it back the day after its last. */
export function limitChanges(schedule: readonly LimitSegment[], sign = 1, into = new Map<CalendarDate, number>()): Map<CalendarDate, number> {
  const add = (date: CalendarDate, amount: number) => into.set(date, (into.get(date) ?? 0) + amount);
  for (const { from, until, amount } of schedule) {
    add(from, sign * amount);
    if (until < LAST_DAY) add(addDays(until, 1), -sign * amount);
  }
  return into;
}
export const groupIdOf = (groupBy: ExposureGroupKind, key: string, currency: string) => `${groupBy}:${key}:${currency}`;

/**
 * The limit in force on every date as ranges: the named amount (`namedAmountInForce`, the
 * credit limit's own rule) is constant between the dates where an entry takes effect or a
 * decision's validity ends, so it is evaluated once per range; where no named entry is in
 * force yet, the discretionary limit. Ranges of 0 are left out. Top-ups add their own ranges.
 */
export function limitSchedule(state: CreditLimitState, discretionaryLimit: number): LimitSegment[] {
  const changes = new Set<CalendarDate>();
  for (const entry of state.named) {
    changes.add(entry.effectiveFrom);
    if (entry.kind === 'SET' && entry.validUntil < LAST_DAY) changes.add(addDays(entry.validUntil, 1));
  }
  const starts = [FIRST_DAY, ...[...changes].filter((d) => d > FIRST_DAY).sort()];
  const segments: LimitSegment[] = [];
  starts.forEach((from, i) => {
    const until = i + 1 < starts.length ? addDays(starts[i + 1], -1) : LAST_DAY;
    const named = namedAmountInForce(state, from);
    const segment: LimitSegment = named === null ? { from, until, amount: discretionaryLimit, kind: 'DISCRETIONARY' } : { from, until, amount: named, kind: 'NAMED' };
    const last = segments[segments.length - 1];
    if (last && last.kind === segment.kind && last.amount === segment.amount && addDays(last.until, 1) === from) segments[segments.length - 1] = { ...last, until };
    else segments.push(segment);
  });
  const topUps = state.topUps.map((t): LimitSegment => ({ from: t.from, until: t.until, amount: t.amount, kind: 'TOP_UP' }));
  return [...segments, ...topUps].filter((s) => s.amount !== 0);
}

async function applyCreditLimitEvent(event: StoredEvent, tx: ProjectionTx): Promise<void> {
  const { policyId, debtorId, currency } = event.data as { policyId: string; debtorId: string; currency: string };
  const id = pairIdOf(policyId, debtorId);
  const before = await tx.get<CreditExposureDoc>(CREDIT_EXPOSURE_VIEW, id);
  const folded = creditLimitDecider.evolve(before?.state ?? creditLimitDecider.initialState(), event as unknown as CreditLimitEvent);
  // The document keeps what the figures need. The reservations themselves (thousands on a large
  // debtor's limit, and the whole list rewritten with each event) stay in the stream: every
  // reservation event carries the limit's new reserved total.
  const reservedTotal = (event.data as { reservedTotal?: number }).reservedTotal;
  const state: CreditLimitState = { ...folded, reservations: [], reservedTotal: reservedTotal ?? folded.reservedTotal };
  const [debtor, policy] = await Promise.all([tx.get<DebtorRef>(REFS_VIEW, `debtor:${debtorId}`), tx.get<PolicyRef>(REFS_VIEW, `policy:${policyId}`)]);
  // The policy's term is what GET /credit-limits uses; the stream's copy (latest reservation) when the policy is unknown here.
  const schedule = limitSchedule(state, policy?.discretionaryLimit ?? state.discretionaryLimit ?? 0);
  const placement: Placement = before ? placementOf(before) : { policyId, debtorId, currency, sector: debtor?.sector ?? UNKNOWN, country: debtor?.country ?? UNKNOWN, debtorName: debtor?.name ?? '' };
  const after: CreditExposureDoc = { ...placement, id, reserved: state.reservedTotal, schedule, state };
  tx.put(CREDIT_EXPOSURE_VIEW, id, after);

  if (JSON.stringify(before?.schedule ?? []) !== JSON.stringify(schedule)) {
    schedule.forEach((segment, i) => tx.put(LIMIT_SEGMENTS_VIEW, `${id}:${i}`, { id: `${id}:${i}`, ...placementOf(after), ...segment }));
    for (let i = schedule.length; i < (before?.schedule.length ?? 0); i++) tx.delete(LIMIT_SEGMENTS_VIEW, `${id}:${i}`);
    const changes = limitChanges(before?.schedule ?? [], -1, limitChanges(schedule));
    for (const scope of [ALL_LIMITS_SCOPE, policyLimitsScope(policyId)]) {
      for (const [date, amount] of changes) {
        if (amount === 0) continue;
        const changeId = `${scope}|${after.currency}|${date}`;
        const stored = await tx.get<LimitChangeDoc>(LIMIT_CHANGES_VIEW, changeId);
        const next = (stored?.amount ?? 0) + amount;
        if (next === 0) tx.delete(LIMIT_CHANGES_VIEW, changeId);
        else tx.put(LIMIT_CHANGES_VIEW, changeId, { id: changeId, scope, currency: after.currency, date, amount: next });
      }
    }
  }

  const delta = after.reserved - (before?.reserved ?? 0);
  if (delta === 0 && before) return;
  const groups: [ExposureGroupKind, string, string][] = [
    ['debtor', debtorId, after.debtorName],
    ['sector', after.sector, after.sector],
    ['country', after.country, after.country],
    ['policy', policyId, policyId],
    ['all', 'all', 'all'],
  ];
  for (const [groupBy, key, label] of groups) {
    const groupId = groupIdOf(groupBy, key, after.currency);
    const group = (await tx.get<ExposureGroupDoc>(EXPOSURE_GROUPS_VIEW, groupId)) ?? { id: groupId, groupBy, key, label, currency: after.currency, reserved: 0, pairs: 0 };
    tx.put(EXPOSURE_GROUPS_VIEW, groupId, { ...group, reserved: group.reserved + delta, pairs: group.pairs + (before ? 0 : 1) });
  }
}

const placementOf = ({ policyId, debtorId, currency, sector, country, debtorName }: CreditExposureDoc): Placement => ({ policyId, debtorId, currency, sector, country, debtorName });

export const creditExposureProjection: Projection = {
  name: CREDIT_EXPOSURE_PROJECTION,
  version: 2,
  views: VIEWS,
  eventTypes: ['DebtorRegistered', 'PolicyIssued', ...CREDIT_LIMIT_EVENT_TYPES],
  streamPrefixes: ['debtor-', 'policy-', 'creditlimit-'],
  async apply(event, tx) {
    switch (event.type) {
      case 'DebtorRegistered': {
        const { debtorId, sector, country, name } = (event as unknown as DebtorRegistered).data;
        tx.put(REFS_VIEW, `debtor:${debtorId}`, { id: `debtor:${debtorId}`, sector, country, name });
        return;
      }
      case 'PolicyIssued': {
        const issued = event as unknown as Extract<PolicyEvent, { type: 'PolicyIssued' }>;
        tx.put(REFS_VIEW, `policy:${issued.data.policyId}`, { id: `policy:${issued.data.policyId}`, discretionaryLimit: issued.data.terms.discretionaryLimit });
        return;
      }
      default:
        return applyCreditLimitEvent(event, tx);
    }
  },
};
