import { ExactRational } from './exact-rational';
import { PolicyOption } from './pricing-table';

/** The expected losses of one year under one scenario, before any policy term (minor units). */
export interface ScenarioLosses {
  /** Insolvency and protracted default of buyers, domestic and export. */
  readonly commercial: ExactRational;
  /** Embargo, expropriation, non-convertibility on export buyers. */
  readonly political: ExactRational;
}

/** The policy terms of one choice (DOMAIN.md "Money and the indemnity"); amounts in minor units. */
export interface ChoiceTerms {
  readonly options: readonly PolicyOption[];
  readonly deductible: number;
  readonly insuredPercentage: number;
  readonly aggregateFirstLoss: number;
  readonly averageClaimSize: number;
  readonly maximumLiability: number;
}

/** Who bears the expected loss: the insurer's indemnity and each part the insured keeps. They add up to the total. */
export interface LossSplit<T> {
  readonly indemnity: T;
  readonly uninsuredShare: T;
  readonly deductibles: T;
  readonly firstLoss: T;
  readonly uncoveredPolitical: T;
  readonly beyondMaximumLiability: T;
}

/**
 * The indemnity rule applied to expected amounts, as if the year's losses came as claims of
 * the average size: indemnity = (covered loss − aggregate first loss) × insured % − one
 * deductible per claim, never below 0, capped at the maximum liability.
 */
export function splitExpectedLoss(losses: ScenarioLosses, terms: ChoiceTerms): LossSplit<ExactRational> {
  const politicalCovered = terms.options.includes('POLITICAL_RISK');
  const covered = politicalCovered ? losses.commercial.plus(losses.political) : losses.commercial;
  const firstLoss = terms.options.includes('EXCESS_OF_LOSS') ? covered.min(ExactRational.of(terms.aggregateFirstLoss)) : ExactRational.ZERO;
  const afterFirstLoss = covered.minus(firstLoss);
  const insuredShare = ExactRational.fraction(BigInt(terms.insuredPercentage), 100n);
  // Per claim the deductible takes min(deductible, insured share of the claim); over all
  // claims that is the loss × min(deductible ÷ claim size, insured share).
  const deductibleShare = ExactRational.fraction(BigInt(terms.deductible), BigInt(terms.averageClaimSize)).min(insuredShare);
  const indemnityBeforeCap = afterFirstLoss.times(insuredShare.minus(deductibleShare));
  const indemnity = indemnityBeforeCap.min(ExactRational.of(terms.maximumLiability));
  return {
    indemnity,
    uninsuredShare: afterFirstLoss.times(ExactRational.ONE.minus(insuredShare)),
    deductibles: afterFirstLoss.times(deductibleShare),
    firstLoss,
    uncoveredPolitical: politicalCovered ? ExactRational.ZERO : losses.political,
    beyondMaximumLiability: indemnityBeforeCap.minus(indemnity),
  };
}

/**
 * Rounds the parts to minor units so that they still add up to the rounded total: each
 * part is the difference of rounded running sums (the indemnity first, so it is itself
 * rounded half-up), hence within one minor unit of its exact value and never negative.
 */
export function roundSplit(split: LossSplit<ExactRational>): LossSplit<number> {
  let running = ExactRational.ZERO;
  let roundedSoFar = 0;
  const rounded = {} as Record<keyof LossSplit<number>, number>;
  for (const key of SPLIT_ORDER) {
    running = running.plus(split[key]);
    const next = running.roundHalfUp();
    rounded[key] = next - roundedSoFar;
    roundedSoFar = next;
  }
  return rounded;
}

const SPLIT_ORDER = ['indemnity', 'uninsuredShare', 'deductibles', 'firstLoss', 'uncoveredPolitical', 'beyondMaximumLiability'] as const satisfies readonly (keyof LossSplit<unknown>)[];

export const totalOf = (split: LossSplit<number>): number => SPLIT_ORDER.reduce((sum, key) => sum + split[key], 0);
export const retainedOf = (split: LossSplit<number>): number => totalOf(split) - split.indemnity;
