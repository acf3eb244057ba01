import { CalendarDate, DomainError, addDays, addYears, policyYearOf } from '@tc/kernel';
import { PolicyOption } from './pricing';
import { Policyholder } from './policy.commands';
import { PolicyProduct, PolicyTerms } from './policy-terms';

/**
 * The folded state: plain JSON (records and arrays, no Map or class), so it can be
 * snapshotted as is.
 */
export interface ActiveOption {
  readonly option: PolicyOption;
  readonly effectiveFrom: CalendarDate;
  readonly aggregateFirstLoss?: number;
  readonly activatedOn: CalendarDate;
}

export interface SubPolicy {
  readonly id: string;
  readonly currency: string;
  readonly attachedAt: string;
}

export interface TurnoverDeclaration {
  readonly period: CalendarDate;
  readonly insuredTurnover: number;
  readonly premiumDue: number;
  readonly declaredOn: CalendarDate;
}

/** An indemnity charged and not released. */
export interface IndemnityCharge {
  readonly receivableId: string;
  readonly policyYear: number;
  readonly insuredLoss: number;
  readonly firstLossUsed: number;
  readonly indemnityBeforeCap: number;
  readonly indemnity: number;
  readonly cappedByMaxLiability: boolean;
  readonly decidedOn: CalendarDate;
}

export interface IssuedPolicy {
  readonly status: 'ISSUED';
  readonly policyId: string;
  readonly policyholder: Policyholder;
  readonly product: PolicyProduct;
  readonly currency: string;
  readonly effectiveFrom: CalendarDate;
  readonly annualPremium: number;
  readonly premiumRate: number | null;
  readonly estimatedTurnover: number | null;
  readonly terms: PolicyTerms;
  readonly parentPolicyId: string | null;
  readonly issuedAt: string;
  readonly issuedOn: CalendarDate;
  readonly options: readonly ActiveOption[];
  readonly subPolicies: readonly SubPolicy[];
  /** By period. */
  readonly declarations: Readonly<Record<string, TurnoverDeclaration>>;
  /** Charges in force, by receivable id. */
  readonly charges: Readonly<Record<string, IndemnityCharge>>;
}

export type PolicyState = { readonly status: 'UNKNOWN' } | IssuedPolicy;

export const initialPolicyState = (): PolicyState => ({ status: 'UNKNOWN' });

export const policyStream = (policyId: string): string => `policy-${policyId}`;

export function issuedPolicy(state: PolicyState): IssuedPolicy {
  if (state.status === 'UNKNOWN') throw new DomainError('NOT_FOUND', 'no such policy');
  return state;
}

export const isSubPolicy = (policy: IssuedPolicy): boolean => policy.parentPolicyId !== null;

/** Every term, defaults filled (they were resolved at issue). */
export const termsOf = (state: PolicyState): PolicyTerms => issuedPolicy(state).terms;

export const optionOf = (state: PolicyState, option: PolicyOption): ActiveOption | undefined =>
  state.status === 'UNKNOWN' ? undefined : state.options.find((o) => o.option === option);

/** Activated and effective on `date` (options have no end). */
export function isOptionActive(state: PolicyState, option: PolicyOption, date: CalendarDate): boolean {
  const active = optionOf(state, option);
  return active !== undefined && active.effectiveFrom <= date;
}

/** Maximum liability per policy year: maxLiabilityMultiple × annual premium. */
export const maxLiabilityOf = (policy: IssuedPolicy): number => policy.terms.maxLiabilityMultiple * policy.annualPremium;

/** The charge in force for a receivable, if any: a repeated ChargeIndemnity reuses it. */
export const chargeOf = (state: PolicyState, receivableId: string): IndemnityCharge | undefined =>
  state.status === 'UNKNOWN' ? undefined : state.charges[receivableId];

const chargesIn = (state: PolicyState, year: number): IndemnityCharge[] =>
  state.status === 'UNKNOWN' ? [] : Object.values(state.charges).filter((c) => c.policyYear === year);

/** Indemnities charged (and not released) in a 0-based policy year. */
export const indemnitiesChargedIn = (state: PolicyState, year: number): number => chargesIn(state, year).reduce((sum, c) => sum + c.indemnity, 0);

/** Aggregate first loss used up by the insured losses charged in a policy year. */
export const firstLossUsedIn = (state: PolicyState, year: number): number => chargesIn(state, year).reduce((sum, c) => sum + c.firstLossUsed, 0);

/** The aggregate first loss of the excess-of-loss option if it is active on `date`, else 0. */
export function aggregateFirstLossOn(state: PolicyState, date: CalendarDate): number {
  return isOptionActive(state, 'EXCESS_OF_LOSS', date) ? (optionOf(state, 'EXCESS_OF_LOSS')?.aggregateFirstLoss ?? 0) : 0;
}

export interface PolicyYear {
  /** 0-based. */
  readonly year: number;
  readonly from: CalendarDate;
  /** Inclusive: the day before the next anniversary. */
  readonly until: CalendarDate;
}

/**
 * The policy year containing `date`, counted from effectiveFrom's anniversaries (from
 * effectiveFrom itself each time, so a policy from 29 February starts its years on
 * 28 February in common years and on the 29th again in leap years). Before effectiveFrom:
 * year 0.
 */
export function policyYearAt(effectiveFrom: CalendarDate, date: CalendarDate): PolicyYear {
  const { year, start } = policyYearOf(effectiveFrom, date);
  return { year, from: start, until: addDays(addYears(effectiveFrom, year + 1), -1) };
}
