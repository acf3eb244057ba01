import { CalendarDate } from '@tc/kernel';
import { CreditLimitIdentity } from './credit-limit.commands';

/**
 * The folded state: plain JSON (records and arrays, no Map or class), so a snapshot is
 * the state itself and survives a JSON round-trip unchanged.
 */
export interface NamedLimitDecision {
  readonly kind: 'SET';
  readonly amount: number;
  readonly effectiveFrom: CalendarDate;
  readonly validUntil: CalendarDate;
  readonly conditions: readonly string[];
  readonly decidedOn: CalendarDate;
}

export interface NamedLimitReduction {
  readonly kind: 'REDUCTION';
  readonly amount: number;
  /** The reduction's effective date. */
  readonly effectiveFrom: CalendarDate;
  readonly noticeDate: CalendarDate;
}

/** One entry of the named-limit schedule, kept in the order recorded. */
export type NamedLimitEntry = NamedLimitDecision | NamedLimitReduction;

export interface TopUp {
  readonly topUpId: string;
  readonly amount: number;
  readonly from: CalendarDate;
  readonly until: CalendarDate;
}

export interface Reservation {
  readonly receivableId: string;
  readonly amount: number;
  /** Business date of the latest change. */
  readonly date: CalendarDate;
  readonly shipped: boolean;
}

export interface CreditLimitState {
  /** Null until the first event. */
  readonly identity: CreditLimitIdentity | null;
  readonly named: readonly NamedLimitEntry[];
  readonly topUps: readonly TopUp[];
  /** The policy's discretionary limit as sent by the latest reservation command; null before any. */
  readonly discretionaryLimit: number | null;
  /**
   * Active reservations only (amount > 0), sorted by receivable id: a stream of 10,000+
   * events folds in near-linear time (binary search, one array copy per event), where
   * copying a large record on every event was quadratic in practice.
   */
  readonly reservations: readonly Reservation[];
  readonly reservedTotal: number;
}

export const initialCreditLimitState = (): CreditLimitState => ({
  identity: null,
  named: [],
  topUps: [],
  discretionaryLimit: null,
  reservations: [],
  reservedTotal: 0,
});

export const creditLimitStream = (policyId: string, debtorId: string): string => `creditlimit-${policyId}-${debtorId}`;

/**
 * The named amount in force on `date`, or null when no named entry is effective yet
 * (discretionary regime). Entries apply in the order recorded: a decision (SET) replaces
 * the amount from its effectiveFrom, whatever was scheduled before; a reduction lowers it
 * from its effective date and never raises any day's amount, so a withdrawal is not undone
 * by an increase scheduled earlier. After the validity of the decision in force, 0.
 */
export function namedAmountInForce(state: CreditLimitState, date: CalendarDate): number | null {
  let amount: number | null = null;
  let validUntil: CalendarDate | null = null;
  for (const entry of state.named) {
    if (entry.effectiveFrom > date) continue;
    if (entry.kind === 'SET') {
      amount = entry.amount;
      validUntil = entry.validUntil;
    } else {
      amount = amount === null ? entry.amount : Math.min(amount, entry.amount);
    }
  }
  if (amount === null) return null;
  return validUntil !== null && date > validUntil ? 0 : amount;
}

/** Sum of the top-ups active on `date` (from and until inclusive). */
export const topUpOn = (state: CreditLimitState, date: CalendarDate): number =>
  state.topUps.reduce((sum, t) => (t.from <= date && date <= t.until ? sum + t.amount : sum), 0);

/**
 * Limit in force on `date`: the named amount in force, or the discretionary limit when
 * none is (the one recorded by the latest reservation unless the caller passes the
 * policy's term; 0 when neither is known), plus every top-up active that day.
 */
export function limitInForce(state: CreditLimitState, date: CalendarDate, discretionaryLimit?: number): number {
  const named = namedAmountInForce(state, date);
  const base = named ?? discretionaryLimit ?? state.discretionaryLimit ?? 0;
  return base + topUpOn(state, date);
}

export const reservedTotal = (state: CreditLimitState): number => state.reservedTotal;

/** Where `receivableId` is, or would be inserted, in the sorted reservations. */
export function reservationIndex(reservations: readonly Reservation[], receivableId: string): number {
  let low = 0;
  let high = reservations.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (reservations[middle].receivableId < receivableId) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The reservation of one receivable (0 when none is active). */
export function reservationOf(state: CreditLimitState, receivableId: string): number {
  const found = state.reservations[reservationIndex(state.reservations, receivableId)];
  return found?.receivableId === receivableId ? found.amount : 0;
}

/** Headroom on `date`: max(0, limit in force − reserved); reserved may stand above a reduced limit. */
export const availableOn = (state: CreditLimitState, date: CalendarDate, discretionaryLimit?: number): number =>
  Math.max(0, limitInForce(state, date, discretionaryLimit) - state.reservedTotal);

/** The fields of `GET /v1/policies/:policyId/credit-limits/:debtorId?on=`. */
export interface CreditLimitView {
  /** Named amount in force, or null in the discretionary regime. */
  readonly amount: number | null;
  readonly topUp: number;
  readonly limitInForce: number;
  readonly reserved: number;
  readonly available: number;
  readonly discretionary: boolean;
}

export function creditLimitView(state: CreditLimitState, date: CalendarDate, discretionaryLimit?: number): CreditLimitView {
  const amount = namedAmountInForce(state, date);
  const limit = limitInForce(state, date, discretionaryLimit);
  return {
    amount,
    topUp: topUpOn(state, date),
    limitInForce: limit,
    reserved: state.reservedTotal,
    available: Math.max(0, limit - state.reservedTotal),
    discretionary: amount === null,
  };
}

/**
 * DOMAIN.md step 3: after a reduction took effect, a shipment's cover in force is at most
 * the limit in force minus the reservations of the debtor's other shipped receivables
 * (never below 0). Null while no reduction is in effect on `date`: the granted cover stands.
 */
export function coverCeiling(state: CreditLimitState, receivableId: string, date: CalendarDate, discretionaryLimit?: number): number | null {
  let reduced = false;
  for (const entry of state.named) if (entry.effectiveFrom <= date) reduced = entry.kind === 'REDUCTION' || (reduced && entry.kind !== 'SET');
  if (!reduced) return null;
  const othersShipped = state.reservations.reduce((sum, r) => (r.shipped && r.receivableId !== receivableId ? sum + r.amount : sum), 0);
  return Math.max(0, limitInForce(state, date, discretionaryLimit) - othersShipped);
}
