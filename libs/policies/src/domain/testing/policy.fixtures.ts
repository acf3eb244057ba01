import { CalendarDate } from '@tc/kernel';
import { PolicyOption } from '../pricing';
import { ActivateOption, ChargeIndemnity, DeclareTurnover, IssuePolicy, ReleaseIndemnityCharge } from '../policy.commands';
import { IndemnityCharged, OptionActivated, PolicyIssued, TurnoverDeclared } from '../policy.events';
import { DEFAULT_POLICY_TERMS, PolicyTerms } from '../policy-terms';

/** Test data for the policy specs: the worked example's policy (DOMAIN.md) unless told otherwise. */
export const POLICY_ID = 'b3c1d7a2-5f4e-4c1a-9d0b-6a2e8f1c0001';
export const TODAY: CalendarDate = '2026-12-31';
export const policyholder = { name: 'Dupont Industries SA', legalId: 'FR40303265045', country: 'FR' };

export const issuePolicy = (data: Partial<IssuePolicy['data']> = {}): IssuePolicy => ({
  type: 'IssuePolicy',
  data: {
    policyId: POLICY_ID,
    policyholder,
    product: 'SME_MODULAR',
    currency: 'EUR',
    effectiveFrom: '2026-01-01',
    annualPremium: 1_200_000,
    estimatedTurnover: 400_000_000,
    issuedAt: '2025-12-15T10:00:00Z',
    today: '2025-12-15',
    ...data,
  },
});

export const policyIssued = (data: Partial<Omit<PolicyIssued['data'], 'terms'>> & { terms?: Partial<PolicyTerms> } = {}): PolicyIssued => ({
  type: 'PolicyIssued',
  data: {
    policyId: POLICY_ID,
    policyholder,
    product: 'SME_MODULAR',
    currency: 'EUR',
    effectiveFrom: '2026-01-01',
    annualPremium: 1_200_000,
    premiumRate: 0.003,
    premiumRateSource: 'DERIVED',
    estimatedTurnover: 400_000_000,
    parentPolicyId: null,
    issuedAt: '2025-12-15T10:00:00Z',
    issuedOn: '2025-12-15',
    ...data,
    terms: { ...DEFAULT_POLICY_TERMS, ...data.terms },
  },
});

/** The worked example: SME_MODULAR in EUR from 2026-01-01, annual premium 12,000.00, insured 90 %, deductible 1,000.00. */
export const workedExamplePolicy = policyIssued({ terms: { insuredPercentage: 90, deductible: 100_000 } });

export const activateOption = (option: PolicyOption, effectiveFrom: CalendarDate, aggregateFirstLoss?: number, activatedAt = '2026-01-10'): ActivateOption => ({
  type: 'ActivateOption',
  data: { option, effectiveFrom, ...(aggregateFirstLoss !== undefined ? { aggregateFirstLoss } : {}), activatedAt, today: TODAY },
});

export const optionActivated = (option: PolicyOption, effectiveFrom: CalendarDate, aggregateFirstLoss?: number, activatedAt = '2026-01-10'): OptionActivated => ({
  type: 'OptionActivated',
  data: { policyId: POLICY_ID, option, effectiveFrom, ...(aggregateFirstLoss !== undefined ? { aggregateFirstLoss } : {}), activatedAt, activatedOn: activatedAt.slice(0, 10) },
});

export const declareTurnover = (period: CalendarDate, insuredTurnover: number | null, declaredAt = '2026-11-05', today = TODAY): DeclareTurnover => ({
  type: 'DeclareTurnover',
  data: { period, insuredTurnover, declaredAt, today },
});

export const turnoverDeclared = (period: CalendarDate, insuredTurnover: number, premiumDue: number, premiumRate: number | null = 0.003, declaredAt = '2026-11-05'): TurnoverDeclared => ({
  type: 'TurnoverDeclared',
  data: { policyId: POLICY_ID, period, insuredTurnover, premiumRate, premiumDue, declaredAt, declaredOn: declaredAt.slice(0, 10) },
});

export const chargeIndemnity = (receivableId: string, insuredLoss: number, decidedAt: string, today = TODAY): ChargeIndemnity => ({
  type: 'ChargeIndemnity',
  data: { receivableId, insuredLoss, decidedAt, today },
});

export const releaseCharge = (receivableId: string, reason = 'claim decision never recorded'): ReleaseIndemnityCharge => ({
  type: 'ReleaseIndemnityCharge',
  data: { receivableId, reason },
});

export const indemnityCharged = (
  receivableId: string,
  decidedAt: string,
  figures: { policyYear: number; insuredLoss: number; firstLossUsed?: number; indemnityBeforeCap: number; indemnity?: number },
): IndemnityCharged => {
  const indemnity = figures.indemnity ?? figures.indemnityBeforeCap;
  return {
    type: 'IndemnityCharged',
    data: {
      policyId: POLICY_ID,
      receivableId,
      policyYear: figures.policyYear,
      insuredLoss: figures.insuredLoss,
      firstLossUsed: figures.firstLossUsed ?? 0,
      indemnityBeforeCap: figures.indemnityBeforeCap,
      indemnity,
      cappedByMaxLiability: indemnity < figures.indemnityBeforeCap,
      decidedAt,
      decidedOn: decidedAt.slice(0, 10),
    },
  };
};
