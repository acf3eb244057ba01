import { CalendarDate, Decider, DomainError, assertNever, ensure, factDate, isCalendarDate, isCountryCode, isCurrencyCode } from '@tc/kernel';
import { computeIndemnity } from './indemnity';
import { isPolicyOption } from './pricing';
import { ActivateOption, AttachSubPolicy, ChargeIndemnity, DeclareTurnover, IssuePolicy, PolicyCommand, ReleaseIndemnityCharge } from './policy.commands';
import { PolicyEvent, PolicyIssued } from './policy.events';
import { derivePremiumRate, premiumDueOn } from './premium';
import {
  PREMIUM_RATE_MAX,
  PREMIUM_RATE_MIN,
  SMALL_FLAT_CURRENCY,
  SMALL_FLAT_MAX_TURNOVER,
  invalidTerm,
  isPolicyProduct,
  resolveTerms,
} from './policy-terms';
import {
  IssuedPolicy,
  PolicyState,
  aggregateFirstLossOn,
  chargeOf,
  firstLossUsedIn,
  indemnitiesChargedIn,
  initialPolicyState,
  isSubPolicy,
  maxLiabilityOf,
  optionOf,
  policyYearAt,
} from './policy.state';

// ---- input checks: the HTTP layer validates too, but other callers (process managers) do not pass through it

function invalid(field: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', `${field} ${message}`, { errors: [{ field, message }] });
}

function checkAmount(field: string, value: unknown, { positive = false } = {}): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < (positive ? 1 : 0)) {
    invalid(field, positive ? 'must be a positive integer (minor units)' : 'must be a non-negative integer (minor units)');
  }
}

function checkDate(field: string, value: unknown): asserts value is CalendarDate {
  if (!isCalendarDate(value)) invalid(field, 'must be a date (YYYY-MM-DD)');
}

function checkText(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim().length === 0) invalid(field, 'must be a non-empty string');
}

function productConstraint(message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('PRODUCT_CONSTRAINT', message, details);
}

// ---- issue

/** The rate declarations are priced at: given (a quote, 0.10 %–1.00 %), else derived; SMALL_FLAT has none (flat premium). */
function premiumRateOf(data: IssuePolicy['data']): Pick<PolicyIssued['data'], 'premiumRate' | 'premiumRateSource'> {
  if (data.product === 'SMALL_FLAT') {
    if (data.premiumRate != null) productConstraint('SMALL_FLAT has a fixed annual premium: no premium rate', { product: data.product });
    return { premiumRate: null, premiumRateSource: 'NONE' };
  }
  if (data.premiumRate != null) {
    if (typeof data.premiumRate !== 'number' || !Number.isFinite(data.premiumRate) || data.premiumRate < PREMIUM_RATE_MIN || data.premiumRate > PREMIUM_RATE_MAX) {
      invalidTerm('premiumRate', `must be within ${PREMIUM_RATE_MIN} and ${PREMIUM_RATE_MAX} (0.10 %–1.00 %)`, { value: data.premiumRate, min: PREMIUM_RATE_MIN, max: PREMIUM_RATE_MAX });
    }
    return { premiumRate: data.premiumRate, premiumRateSource: 'GIVEN' };
  }
  if (!data.estimatedTurnover) {
    productConstraint(`${data.product} needs a premium rate or an estimated turnover: the rate prices turnover declarations`, { product: data.product });
  }
  return { premiumRate: derivePremiumRate(data.annualPremium, data.estimatedTurnover), premiumRateSource: 'DERIVED' };
}

function checkProduct(data: IssuePolicy['data']): void {
  if (data.product !== 'SMALL_FLAT') return;
  ensure(data.currency === SMALL_FLAT_CURRENCY, 'PRODUCT_CONSTRAINT', `SMALL_FLAT is in ${SMALL_FLAT_CURRENCY}, not ${data.currency}`, { product: data.product, currency: data.currency });
  ensure(data.estimatedTurnover != null, 'PRODUCT_CONSTRAINT', 'SMALL_FLAT needs the estimated insured turnover', { product: data.product });
  ensure(data.estimatedTurnover <= SMALL_FLAT_MAX_TURNOVER, 'PRODUCT_CONSTRAINT', 'SMALL_FLAT is for an estimated insured turnover up to 7,500,000.00 EUR', {
    product: data.product,
    estimatedTurnover: data.estimatedTurnover,
    max: SMALL_FLAT_MAX_TURNOVER,
  });
}

/** A sub-policy hangs under a GROUP_MASTER at head office, never under another sub-policy. */
function checkParent(data: IssuePolicy['data']): string | null {
  const parent = data.parent;
  if (!parent) return null;
  ensure(parent.policyId !== data.policyId, 'PRODUCT_CONSTRAINT', 'a policy cannot be its own master');
  ensure(parent.product === 'GROUP_MASTER', 'PRODUCT_CONSTRAINT', `a sub-policy belongs to a GROUP_MASTER policy, not ${parent.product}`, { parentPolicyId: parent.policyId });
  ensure(!parent.isSubPolicy, 'PRODUCT_CONSTRAINT', 'a sub-policy belongs to a master policy, not to another sub-policy', { parentPolicyId: parent.policyId });
  return parent.policyId;
}

function issue({ data }: IssuePolicy, state: PolicyState): PolicyEvent[] {
  if (state.status !== 'UNKNOWN') throw new DomainError('DUPLICATE_POLICY', `policy ${state.policyId} is already issued`, { existingId: state.policyId });
  checkText('policyId', data.policyId);
  checkText('policyholder.name', data.policyholder?.name);
  checkText('policyholder.legalId', data.policyholder.legalId);
  if (!isCountryCode(data.policyholder.country)) invalid('policyholder.country', 'must be an ISO 3166-1 alpha-2 code');
  if (!isPolicyProduct(data.product)) invalid('product', 'must be SMALL_FLAT, SME_MODULAR, MIDCAP_GLOBAL or GROUP_MASTER');
  if (!isCurrencyCode(data.currency)) invalid('currency', 'must be an ISO 4217 currency code');
  checkDate('effectiveFrom', data.effectiveFrom);
  checkAmount('annualPremium', data.annualPremium, { positive: true });
  if (data.estimatedTurnover != null) checkAmount('estimatedTurnover', data.estimatedTurnover);
  const issuedOn = factDate('issuedAt', data.issuedAt, data.today);
  const terms = resolveTerms(data.terms);
  checkProduct(data);
  const parentPolicyId = checkParent(data);
  const rate = premiumRateOf(data);
  return [
    {
      type: 'PolicyIssued',
      data: {
        policyId: data.policyId,
        policyholder: { name: data.policyholder.name, legalId: data.policyholder.legalId, country: data.policyholder.country },
        product: data.product,
        currency: data.currency,
        effectiveFrom: data.effectiveFrom,
        annualPremium: data.annualPremium,
        ...rate,
        estimatedTurnover: data.estimatedTurnover ?? null,
        terms,
        parentPolicyId,
        issuedAt: data.issuedAt,
        issuedOn,
      },
    },
  ];
}

// ---- group programme

function attachSubPolicy({ data }: AttachSubPolicy, policy: IssuedPolicy): PolicyEvent[] {
  checkText('subPolicyId', data.subPolicyId);
  if (!isCurrencyCode(data.currency)) invalid('currency', 'must be an ISO 4217 currency code');
  ensure(policy.product === 'GROUP_MASTER', 'PRODUCT_CONSTRAINT', `only a GROUP_MASTER policy has sub-policies, not ${policy.product}`, { product: policy.product });
  ensure(!isSubPolicy(policy), 'PRODUCT_CONSTRAINT', 'a sub-policy has no sub-policies of its own', { parentPolicyId: policy.parentPolicyId });
  ensure(data.subPolicyId !== policy.policyId, 'PRODUCT_CONSTRAINT', 'a policy cannot be its own sub-policy');
  if (policy.subPolicies.some((s) => s.id === data.subPolicyId)) return [];
  return [{ type: 'SubPolicyAttached', data: { policyId: policy.policyId, subPolicyId: data.subPolicyId, currency: data.currency, attachedAt: data.attachedAt } }];
}

// ---- options

function activateOption({ data }: ActivateOption, policy: IssuedPolicy): PolicyEvent[] {
  if (!isPolicyOption(data.option)) invalid('option', 'must be POLITICAL_RISK, PRE_SHIPMENT or EXCESS_OF_LOSS');
  checkDate('effectiveFrom', data.effectiveFrom);
  ensure(policy.product !== 'SMALL_FLAT', 'PRODUCT_CONSTRAINT', 'SMALL_FLAT has no options', { product: policy.product });
  const existing = optionOf(policy, data.option);
  ensure(!existing, 'OPTION_ALREADY_ACTIVE', `${data.option} is already activated from ${existing?.effectiveFrom}`, { option: data.option, effectiveFrom: existing?.effectiveFrom });
  if (data.effectiveFrom < policy.effectiveFrom) {
    invalidTerm('effectiveFrom', `must not be before the policy's effectiveFrom (${policy.effectiveFrom})`, { value: data.effectiveFrom, min: policy.effectiveFrom });
  }
  if (data.option === 'EXCESS_OF_LOSS') {
    if (!Number.isSafeInteger(data.aggregateFirstLoss) || (data.aggregateFirstLoss as number) <= 0) {
      invalidTerm('aggregateFirstLoss', 'is required for EXCESS_OF_LOSS: a positive integer (minor units)', { value: data.aggregateFirstLoss });
    }
  } else if (data.aggregateFirstLoss != null) {
    invalidTerm('aggregateFirstLoss', `is a term of EXCESS_OF_LOSS only, not of ${data.option}`, { value: data.aggregateFirstLoss });
  }
  const activatedOn = factDate('activatedAt', data.activatedAt, data.today);
  return [
    {
      type: 'OptionActivated',
      data: {
        policyId: policy.policyId,
        option: data.option,
        effectiveFrom: data.effectiveFrom,
        ...(data.option === 'EXCESS_OF_LOSS' ? { aggregateFirstLoss: data.aggregateFirstLoss } : {}),
        activatedAt: data.activatedAt,
        activatedOn,
      },
    },
  ];
}

// ---- premium

const firstOfMonth = (d: CalendarDate): CalendarDate => `${d.slice(0, 7)}-01`;

function declareTurnover({ data }: DeclareTurnover, policy: IssuedPolicy): PolicyEvent[] {
  ensure(isCalendarDate(data.period) && data.period.endsWith('-01'), 'INVALID_PERIOD', `period ${data.period} is not the first day of a month`, { period: data.period });
  ensure(data.period >= firstOfMonth(policy.effectiveFrom), 'INVALID_PERIOD', `period ${data.period} is before the policy's first month (${firstOfMonth(policy.effectiveFrom)})`, {
    period: data.period,
    effectiveFrom: policy.effectiveFrom,
  });
  ensure(data.period <= data.today, 'FUTURE_DATE', `period ${data.period} starts after today (${data.today})`, { field: 'period', today: data.today });
  // A nil declaration (nothing insured that period) may be sent as 0 or null.
  const insuredTurnover = data.insuredTurnover ?? 0;
  checkAmount('insuredTurnover', insuredTurnover);
  const declaredOn = factDate('declaredAt', data.declaredAt, data.today);
  ensure(!policy.declarations[data.period], 'DUPLICATE_DECLARATION', `turnover for ${data.period} is already declared`, { period: data.period });
  return [
    {
      type: 'TurnoverDeclared',
      data: {
        policyId: policy.policyId,
        period: data.period,
        insuredTurnover,
        premiumRate: policy.premiumRate,
        premiumDue: premiumDueOn(insuredTurnover, policy.premiumRate, policy.currency),
        declaredAt: data.declaredAt,
        declaredOn,
      },
    },
  ];
}

// ---- indemnities

function chargeIndemnity({ data }: ChargeIndemnity, policy: IssuedPolicy): PolicyEvent[] {
  checkText('receivableId', data.receivableId);
  checkAmount('insuredLoss', data.insuredLoss);
  const decidedOn = factDate('decidedAt', data.decidedAt, data.today);
  // The caller reads the charge already made (chargeOf) and reuses it.
  if (chargeOf(policy, data.receivableId)) return [];
  ensure(decidedOn >= policy.effectiveFrom, 'POLICY_NOT_IN_FORCE', `a claim approved on ${decidedOn} is before the policy's effectiveFrom (${policy.effectiveFrom})`, {
    effectiveFrom: policy.effectiveFrom,
  });
  const { year } = policyYearAt(policy.effectiveFrom, decidedOn);
  const { terms } = policy;
  const breakdown = computeIndemnity({
    insuredLoss: data.insuredLoss,
    insuredPercentage: terms.insuredPercentage,
    deductible: terms.deductible,
    unusedFirstLoss: aggregateFirstLossOn(policy, decidedOn) - firstLossUsedIn(policy, year),
    remainingLiability: maxLiabilityOf(policy) - indemnitiesChargedIn(policy, year),
  });
  ensure(breakdown.indemnityBeforeCap >= terms.claimThreshold, 'BELOW_CLAIM_THRESHOLD', `the indemnity ${breakdown.indemnityBeforeCap} is below the claim threshold ${terms.claimThreshold}`, {
    indemnity: breakdown.indemnityBeforeCap,
    claimThreshold: terms.claimThreshold,
  });
  return [
    {
      type: 'IndemnityCharged',
      data: { policyId: policy.policyId, receivableId: data.receivableId, policyYear: year, insuredLoss: data.insuredLoss, ...breakdown, decidedAt: data.decidedAt, decidedOn },
    },
  ];
}

function releaseIndemnityCharge({ data }: ReleaseIndemnityCharge, policy: IssuedPolicy): PolicyEvent[] {
  checkText('receivableId', data.receivableId);
  const charge = chargeOf(policy, data.receivableId);
  if (!charge) return [];
  return [
    {
      type: 'IndemnityChargeReleased',
      data: {
        policyId: policy.policyId,
        receivableId: data.receivableId,
        policyYear: charge.policyYear,
        indemnity: charge.indemnity,
        firstLossUsed: charge.firstLossUsed,
        reason: data.reason,
      },
    },
  ];
}

// ---- fold

function evolveIssued(policy: IssuedPolicy, event: Exclude<PolicyEvent, { type: 'PolicyIssued' }>): IssuedPolicy {
  switch (event.type) {
    case 'SubPolicyAttached': {
      const { subPolicyId, currency, attachedAt } = event.data;
      if (policy.subPolicies.some((s) => s.id === subPolicyId)) return policy;
      return { ...policy, subPolicies: [...policy.subPolicies, { id: subPolicyId, currency, attachedAt }] };
    }
    case 'OptionActivated': {
      const { option, effectiveFrom, aggregateFirstLoss, activatedOn } = event.data;
      return { ...policy, options: [...policy.options, { option, effectiveFrom, ...(aggregateFirstLoss !== undefined ? { aggregateFirstLoss } : {}), activatedOn }] };
    }
    case 'TurnoverDeclared': {
      const { period, insuredTurnover, premiumDue, declaredOn } = event.data;
      return { ...policy, declarations: { ...policy.declarations, [period]: { period, insuredTurnover, premiumDue, declaredOn } } };
    }
    case 'IndemnityCharged': {
      const { receivableId, policyYear, insuredLoss, firstLossUsed, indemnityBeforeCap, indemnity, cappedByMaxLiability, decidedOn } = event.data;
      return {
        ...policy,
        charges: { ...policy.charges, [receivableId]: { receivableId, policyYear, insuredLoss, firstLossUsed, indemnityBeforeCap, indemnity, cappedByMaxLiability, decidedOn } },
      };
    }
    case 'IndemnityChargeReleased': {
      const { [event.data.receivableId]: _released, ...charges } = policy.charges;
      return { ...policy, charges };
    }
    default:
      return assertNever(event);
  }
}

export const policyDecider: Decider<PolicyState, PolicyCommand, PolicyEvent> = {
  initialState: initialPolicyState,

  decide(command, state) {
    if (command.type === 'IssuePolicy') return issue(command, state);
    if (state.status === 'UNKNOWN') throw new DomainError('NOT_FOUND', 'no such policy');
    switch (command.type) {
      case 'AttachSubPolicy':
        return attachSubPolicy(command, state);
      case 'ActivateOption':
        return activateOption(command, state);
      case 'DeclareTurnover':
        return declareTurnover(command, state);
      case 'ChargeIndemnity':
        return chargeIndemnity(command, state);
      case 'ReleaseIndemnityCharge':
        return releaseIndemnityCharge(command, state);
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    if (event.type === 'PolicyIssued') {
      if (state.status !== 'UNKNOWN') return state;
      const { premiumRateSource: _source, ...issued } = event.data;
      return { status: 'ISSUED', ...issued, options: [], subPolicies: [], declarations: {}, charges: {} };
    }
    if (state.status === 'UNKNOWN') return state;
    return evolveIssued(state, event);
  },
};

