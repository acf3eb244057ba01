import { CalendarDate, Message } from '@tc/kernel';
import { PolicyOption } from './pricing';
import { Policyholder } from './policy.commands';
import { PolicyProduct, PolicyTerms } from './policy-terms';

/**
 * Events of the policy aggregate. Each carries what the fold needs (terms with their
 * defaults resolved, computed figures), so replay never depends on today's defaults or
 * code paths. All written with schema version 1.
 */
export const POLICY_EVENT_SCHEMA_VERSION = 1;

export type PolicyIssued = Message<
  'PolicyIssued',
  {
    policyId: string;
    policyholder: Policyholder;
    product: PolicyProduct;
    currency: string;
    effectiveFrom: CalendarDate;
    annualPremium: number;
    /** Fraction; null for SMALL_FLAT (flat premium). */
    premiumRate: number | null;
    /** Where the rate came from: given (a quote), derived (annual premium ÷ estimated turnover), or none. */
    premiumRateSource: 'GIVEN' | 'DERIVED' | 'NONE';
    estimatedTurnover: number | null;
    /** Every term, defaults filled. */
    terms: PolicyTerms;
    /** Set on a sub-policy: its GROUP_MASTER. */
    parentPolicyId: string | null;
    issuedAt: string;
    issuedOn: CalendarDate;
  }
>;

export type SubPolicyAttached = Message<'SubPolicyAttached', { policyId: string; subPolicyId: string; currency: string; attachedAt: string }>;

export type OptionActivated = Message<
  'OptionActivated',
  {
    policyId: string;
    option: PolicyOption;
    effectiveFrom: CalendarDate;
    /** EXCESS_OF_LOSS only. */
    aggregateFirstLoss?: number;
    activatedAt: string;
    activatedOn: CalendarDate;
  }
>;

export type TurnoverDeclared = Message<
  'TurnoverDeclared',
  {
    policyId: string;
    period: CalendarDate;
    insuredTurnover: number;
    /** The rate applied (null for SMALL_FLAT). */
    premiumRate: number | null;
    /** roundHalfUp(insuredTurnover × premiumRate); 0 for SMALL_FLAT. */
    premiumDue: number;
    declaredAt: string;
    declaredOn: CalendarDate;
  }
>;

export type IndemnityCharged = Message<
  'IndemnityCharged',
  {
    policyId: string;
    receivableId: string;
    /** 0-based, counted from effectiveFrom's anniversaries, of the approval date. */
    policyYear: number;
    insuredLoss: number;
    /** Part of the insured loss borne by the insured as aggregate first loss (excess of loss). */
    firstLossUsed: number;
    /** max(0, insuredLoss − firstLossUsed) × insured % − deductible, ≥ 0, rounded half-up once. */
    indemnityBeforeCap: number;
    /** What is charged: indemnityBeforeCap capped at what is left of the year's maximum liability. */
    indemnity: number;
    cappedByMaxLiability: boolean;
    decidedAt: string;
    decidedOn: CalendarDate;
  }
>;

export type IndemnityChargeReleased = Message<
  'IndemnityChargeReleased',
  {
    policyId: string;
    receivableId: string;
    policyYear: number;
    /** Given back to the year's maximum liability. */
    indemnity: number;
    /** Given back to the year's aggregate first loss. */
    firstLossUsed: number;
    reason: string;
  }
>;

export type PolicyEvent = PolicyIssued | SubPolicyAttached | OptionActivated | TurnoverDeclared | IndemnityCharged | IndemnityChargeReleased;

export const POLICY_EVENT_TYPES: readonly PolicyEvent['type'][] = [
  'PolicyIssued',
  'SubPolicyAttached',
  'OptionActivated',
  'TurnoverDeclared',
  'IndemnityCharged',
  'IndemnityChargeReleased',
];

export const policySchemaVersionOf = (_type: PolicyEvent['type']): number => POLICY_EVENT_SCHEMA_VERSION;
