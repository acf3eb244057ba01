import { CalendarDate, policyYearOf } from '@tc/kernel';
import { PolicyOption } from './pricing';
import { Policyholder } from './policy.commands';
import { PolicyProduct, PolicyTerms } from './policy-terms';
import {
  PolicyState,
  aggregateFirstLossOn,
  firstLossUsedIn,
  indemnitiesChargedIn,
  isOptionActive,
  issuedPolicy,
  maxLiabilityOf,
  policyYearAt,
} from './policy.state';

/** What GET /v1/policies/:id shows: terms, options, premium due vs billed, indemnities charged this policy year. */
export interface PolicyView {
  readonly id: string;
  readonly product: PolicyProduct;
  readonly currency: string;
  readonly policyholder: Policyholder;
  readonly effectiveFrom: CalendarDate;
  readonly terms: PolicyTerms;
  readonly premiumRate: number | null;
  readonly annualPremium: number;
  readonly estimatedTurnover: number | null;
  readonly options: readonly { option: PolicyOption; effectiveFrom: CalendarDate; aggregateFirstLoss?: number; activeToday: boolean }[];
  readonly parentPolicyId: string | null;
  readonly subPolicies: readonly { id: string; currency: string }[];
  readonly premium: {
    readonly declaredTurnover: number;
    readonly premiumDue: number;
    /** Annual premium × policy years started by today. */
    readonly billed: number;
    /** premiumDue − billed; 0 for SMALL_FLAT, whose premium is flat. */
    readonly adjustment: number;
    readonly declarations: readonly { period: CalendarDate; insuredTurnover: number; premiumDue: number }[];
  };
  readonly maxLiability: number;
  readonly currentPolicyYear: {
    /** 0-based. */
    readonly year: number;
    readonly from: CalendarDate;
    readonly until: CalendarDate;
    readonly indemnitiesCharged: number;
    readonly remainingLiability: number;
    readonly firstLossUsed: number;
    /** Of the excess-of-loss aggregate first loss, if the option is active today; else 0. */
    readonly firstLossRemaining: number;
  };
}

/** Policy years whose first day is on or before `today`. */
export const policyYearsStarted = (effectiveFrom: CalendarDate, today: CalendarDate): number =>
  today < effectiveFrom ? 0 : policyYearOf(effectiveFrom, today).year + 1;

export function policyView(state: PolicyState, today: CalendarDate): PolicyView {
  const policy = issuedPolicy(state);
  const declarations = Object.values(policy.declarations)
    .sort((a, b) => (a.period < b.period ? -1 : 1))
    .map(({ period, insuredTurnover, premiumDue }) => ({ period, insuredTurnover, premiumDue }));
  const declaredTurnover = declarations.reduce((sum, d) => sum + d.insuredTurnover, 0);
  const premiumDue = declarations.reduce((sum, d) => sum + d.premiumDue, 0);
  const billed = policy.annualPremium * policyYearsStarted(policy.effectiveFrom, today);
  const maxLiability = maxLiabilityOf(policy);
  const year = policyYearAt(policy.effectiveFrom, today);
  const charged = indemnitiesChargedIn(policy, year.year);
  const firstLossUsed = firstLossUsedIn(policy, year.year);
  return {
    id: policy.policyId,
    product: policy.product,
    currency: policy.currency,
    policyholder: policy.policyholder,
    effectiveFrom: policy.effectiveFrom,
    terms: policy.terms,
    premiumRate: policy.premiumRate,
    annualPremium: policy.annualPremium,
    estimatedTurnover: policy.estimatedTurnover,
    options: policy.options.map(({ option, effectiveFrom, aggregateFirstLoss }) => ({
      option,
      effectiveFrom,
      ...(aggregateFirstLoss !== undefined ? { aggregateFirstLoss } : {}),
      activeToday: isOptionActive(policy, option, today),
    })),
    parentPolicyId: policy.parentPolicyId,
    subPolicies: policy.subPolicies.map(({ id, currency }) => ({ id, currency })),
    premium: { declaredTurnover, premiumDue, billed, adjustment: policy.product === 'SMALL_FLAT' ? 0 : premiumDue - billed, declarations },
    maxLiability,
    currentPolicyYear: {
      ...year,
      indemnitiesCharged: charged,
      remainingLiability: Math.max(0, maxLiability - charged),
      firstLossUsed,
      firstLossRemaining: Math.max(0, aggregateFirstLossOn(policy, today) - firstLossUsed),
    },
  };
}
