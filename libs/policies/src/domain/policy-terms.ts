import { DomainError } from '@tc/kernel';

/** The four products of the one engine (DOMAIN.md "Policies and products"). */
export const POLICY_PRODUCTS = ['SMALL_FLAT', 'SME_MODULAR', 'MIDCAP_GLOBAL', 'GROUP_MASTER'] as const;
export type PolicyProduct = (typeof POLICY_PRODUCTS)[number];
export const isPolicyProduct = (value: unknown): value is PolicyProduct => (POLICY_PRODUCTS as readonly unknown[]).includes(value);

/** SMALL_FLAT is for very small firms: estimated insured turnover ≤ 7,500,000.00 EUR. */
export const SMALL_FLAT_MAX_TURNOVER = 750_000_000;
export const SMALL_FLAT_CURRENCY = 'EUR';

/**
 * Every *(policy)* term of DOMAIN.md. Amounts are minor units of the policy currency,
 * `insuredPercentage` an integer percent, day counts calendar days.
 */
export interface PolicyTerms {
  readonly insuredPercentage: number;
  readonly maxCreditTermDays: number;
  readonly discretionaryLimit: number;
  /** Days after the due date; strictly increasing, each before the declaration deadline. */
  readonly reminderDays: readonly number[];
  readonly overdueDeclarationDays: number;
  readonly collectionHandoverDays: number;
  readonly waitingPeriodDays: number;
  readonly limitReductionNoticeDays: number;
  /** Per claim. */
  readonly deductible: number;
  /** An indemnity below it cannot be approved. */
  readonly claimThreshold: number;
  /** Maximum liability per policy year = this × annual premium. */
  readonly maxLiabilityMultiple: number;
}

export const DEFAULT_POLICY_TERMS: PolicyTerms = {
  insuredPercentage: 90,
  maxCreditTermDays: 120,
  discretionaryLimit: 2_000_000,
  reminderDays: [7, 21],
  overdueDeclarationDays: 60,
  collectionHandoverDays: 30,
  waitingPeriodDays: 150,
  limitReductionNoticeDays: 30,
  deductible: 0,
  claimThreshold: 0,
  maxLiabilityMultiple: 30,
};

type ScalarTerm = Exclude<keyof PolicyTerms, 'reminderDays'>;

/** Inclusive integer bounds of each scalar term; no `max` means unbounded (amounts). */
export const TERM_BOUNDS: Readonly<Record<ScalarTerm, { readonly min: number; readonly max?: number }>> = {
  insuredPercentage: { min: 50, max: 95 },
  maxCreditTermDays: { min: 1, max: 360 },
  discretionaryLimit: { min: 0 },
  overdueDeclarationDays: { min: 1, max: 180 },
  collectionHandoverDays: { min: 1, max: 180 },
  waitingPeriodDays: { min: 30, max: 720 },
  limitReductionNoticeDays: { min: 0, max: 180 },
  deductible: { min: 0 },
  claimThreshold: { min: 0 },
  maxLiabilityMultiple: { min: 1, max: 100 },
};

export const REMINDERS_MAX = 5;

/** Premium rate on insurable turnover: always within 0.10 % – 1.00 % when given. */
export const PREMIUM_RATE_MIN = 0.001;
export const PREMIUM_RATE_MAX = 0.01;

export function invalidTerm(term: string, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('INVALID_TERM', `${term} ${message}`, { term, ...details, errors: [{ field: term, message }] });
}

/** The given terms with every missing one at its default, each checked against its bounds (INVALID_TERM naming it). */
export function resolveTerms(given: Partial<PolicyTerms> | undefined): PolicyTerms {
  const pick = <K extends keyof PolicyTerms>(term: K): PolicyTerms[K] => (given?.[term] ?? DEFAULT_POLICY_TERMS[term]) as PolicyTerms[K];
  const scalars = {} as Record<ScalarTerm, number>;
  for (const term of Object.keys(TERM_BOUNDS) as ScalarTerm[]) {
    const value = pick(term);
    const { min, max } = TERM_BOUNDS[term];
    if (!Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) {
      invalidTerm(term, max === undefined ? `must be an integer ≥ ${min}` : `must be an integer from ${min} to ${max}`, { value, min, max });
    }
    scalars[term] = value;
  }
  const reminderDays = pick('reminderDays');
  checkReminderDays(reminderDays, scalars.overdueDeclarationDays);
  return { ...scalars, reminderDays: [...reminderDays] };
}

function checkReminderDays(days: unknown, overdueDeclarationDays: number): asserts days is number[] {
  const message = `must be 1 to ${REMINDERS_MAX} strictly increasing whole days, each ≥ 1 and before the overdue declaration deadline (${overdueDeclarationDays} days)`;
  const ok =
    Array.isArray(days) &&
    days.length >= 1 &&
    days.length <= REMINDERS_MAX &&
    days.every((d, i) => Number.isSafeInteger(d) && d >= 1 && d < overdueDeclarationDays && (i === 0 || d > days[i - 1]));
  if (!ok) invalidTerm('reminderDays', message, { value: days, overdueDeclarationDays });
}
