import { CalendarDate, Message } from '@tc/kernel';
import { PolicyOption } from './pricing';
import { PolicyProduct, PolicyTerms } from './policy-terms';

/**
 * Commands of the policy aggregate (stream `policy-<id>`). Amounts are integer minor units
 * of the policy currency, rates fractions (0.0035 = 0.35 %). `today` is the service clock's
 * date, for FUTURE_DATE checks of fact dates (`…At`); term dates may lie in the future.
 */

export interface Policyholder {
  readonly name: string;
  readonly legalId: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

/** The master a sub-policy hangs under, as the handler found it (parentPolicyId given). */
export interface ParentPolicy {
  readonly policyId: string;
  readonly product: PolicyProduct;
  readonly isSubPolicy: boolean;
}

export type IssuePolicy = Message<
  'IssuePolicy',
  {
    policyId: string;
    policyholder: Policyholder;
    product: PolicyProduct;
    currency: string;
    effectiveFrom: CalendarDate;
    /** > 0. */
    annualPremium: number;
    /** From a quote; default annual premium ÷ estimated turnover (none for SMALL_FLAT). */
    premiumRate?: number;
    estimatedTurnover?: number;
    /** Every term missing takes its default. */
    terms?: Partial<PolicyTerms>;
    parent?: ParentPolicy;
    /** Fact: instant or date, not after `today`. */
    issuedAt: string;
    today: CalendarDate;
  }
>;

/** On a GROUP_MASTER: records one of its sub-policies so that figures roll up. Idempotent. */
export type AttachSubPolicy = Message<'AttachSubPolicy', { subPolicyId: string; currency: string; attachedAt: string }>;

export type ActivateOption = Message<
  'ActivateOption',
  {
    option: PolicyOption;
    /** Term date: not before the policy's effectiveFrom, may lie in the future. */
    effectiveFrom: CalendarDate;
    /** EXCESS_OF_LOSS only (required, > 0): the annual aggregate first loss borne by the insured. */
    aggregateFirstLoss?: number;
    activatedAt: string;
    today: CalendarDate;
  }
>;

export type DeclareTurnover = Message<
  'DeclareTurnover',
  {
    /** First day of the month declared. */
    period: CalendarDate;
    /** ≥ 0; 0 or null is a nil declaration. */
    insuredTurnover: number | null;
    declaredAt: string;
    today: CalendarDate;
  }
>;

/** Charges the indemnity of an approved claim against the policy year of its approval. Idempotent per receivable. */
export type ChargeIndemnity = Message<
  'ChargeIndemnity',
  {
    receivableId: string;
    insuredLoss: number;
    /** The claim approval's date (fact): it picks the policy year. */
    decidedAt: string;
    today: CalendarDate;
  }
>;

/** Undoes a charge whose claim decision was never recorded on the receivable. Idempotent. */
export type ReleaseIndemnityCharge = Message<'ReleaseIndemnityCharge', { receivableId: string; reason: string }>;

export type PolicyCommand = IssuePolicy | AttachSubPolicy | ActivateOption | DeclareTurnover | ChargeIndemnity | ReleaseIndemnityCharge;
