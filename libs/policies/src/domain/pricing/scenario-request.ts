import { DomainError } from '@tc/kernel';
import { DefaultProbabilityModel, isScenario, Scenario, SCENARIOS } from './default-probabilities';
import { ExactRational } from './exact-rational';
import { PolicyOption } from './pricing-table';
import { checkOptions, CheckedQuoteRequest, fromEur, QuoteRequest } from './quote-request';

/** A quote request plus a portfolio profile and the choices to compare (API.md `POST /v1/pricing/scenarios`). */
export interface ScenarioRequest extends QuoteRequest {
  /** Default: all three. */
  readonly scenarios?: readonly Scenario[];
  /** Deductibles per claim to compare, minor units. Default: the request's deductible. */
  readonly deductibles?: readonly number[];
  /** Option sets to compare. Default: the request's options. */
  readonly optionSets?: readonly (readonly PolicyOption[])[];
  /** Average debtor grade of the portfolio, 0 (in default) … 10 (best), decimals allowed. Default 5. */
  readonly averageGrade?: number;
  /** Share of turnover with export debtors, a fraction. Default 0. */
  readonly exportShare?: number;
  /** Integer percent. Default: the policy default (90). */
  readonly insuredPercentage?: number;
  /** Excess-of-loss annual aggregate first loss, minor units. Default: a share of turnover (model). */
  readonly aggregateFirstLoss?: number;
  /** Average claim size used to count claims for the deductible, minor units. Default: from the model. */
  readonly averageClaimSize?: number;
  /** Maximum liability as a multiple of the annual premium. Default: the policy default (30). */
  readonly maxLiabilityMultiple?: number;
}

export interface CheckedScenarioRequest {
  readonly scenarios: readonly Scenario[];
  readonly deductibles: readonly number[];
  readonly optionSets: readonly (readonly PolicyOption[])[];
  readonly averageGrade: number;
  readonly gradeDefaultProbability: ExactRational;
  readonly exportShare: ExactRational;
  readonly insuredPercentage: number;
  readonly aggregateFirstLoss: number;
  readonly averageClaimSize: number;
  readonly maxLiabilityMultiple: number;
}

export function checkScenarioRequest(request: ScenarioRequest, quote: CheckedQuoteRequest, model: DefaultProbabilityModel): CheckedScenarioRequest {
  const scenarios = nonEmptyOr(request.scenarios, SCENARIOS);
  const unknown = scenarios.filter((s) => !isScenario(s));
  if (unknown.length > 0) throw new DomainError('UNKNOWN_SCENARIO', `unknown scenario(s): ${unknown.join(', ')}`, { scenarios: unknown });

  const deductibles = nonEmptyOr(request.deductibles, [quote.deductible]);
  if (!deductibles.every(isMinorUnits)) throw new DomainError('INVALID_DEDUCTIBLE', 'deductibles must be non-negative integers of minor units', { deductibles });
  const optionSets = nonEmptyOr(request.optionSets, [quote.options]).map((set) => checkOptions(set));

  const averageGrade = request.averageGrade ?? 5;
  if (!isNumberIn(averageGrade, 0, 10)) throw new DomainError('INVALID_AVERAGE_GRADE', 'the average grade is between 0 (in default) and 10 (best)', { averageGrade });
  const exportShare = request.exportShare ?? 0;
  if (!isNumberIn(exportShare, 0, 1)) throw new DomainError('INVALID_EXPORT_SHARE', 'the export share is a fraction between 0 and 1', { exportShare });
  const insuredPercentage = request.insuredPercentage ?? model.defaultInsuredPercentage;
  if (!Number.isInteger(insuredPercentage) || insuredPercentage < 1 || insuredPercentage > 100) {
    throw new DomainError('INVALID_INSURED_PERCENTAGE', 'the insured percentage is an integer from 1 to 100', { insuredPercentage });
  }
  const maxLiabilityMultiple = request.maxLiabilityMultiple ?? model.defaultMaxLiabilityMultiple;
  if (!Number.isInteger(maxLiabilityMultiple) || maxLiabilityMultiple < 1) {
    throw new DomainError('INVALID_MAX_LIABILITY_MULTIPLE', 'the maximum liability multiple is a positive integer', { maxLiabilityMultiple });
  }
  const aggregateFirstLoss = request.aggregateFirstLoss ?? ExactRational.of(BigInt(quote.insurableTurnover)).times(ExactRational.of(model.aggregateFirstLossTurnoverShare)).roundHalfUp();
  if (!isMinorUnits(aggregateFirstLoss)) throw new DomainError('INVALID_AGGREGATE_FIRST_LOSS', 'the aggregate first loss is a non-negative integer of minor units', { aggregateFirstLoss });
  const averageClaimSize = request.averageClaimSize ?? defaultAverageClaimSize(quote, model);
  if (!isMinorUnits(averageClaimSize) || averageClaimSize === 0) {
    throw new DomainError('INVALID_AVERAGE_CLAIM_SIZE', 'the average claim size is a positive integer of minor units', { averageClaimSize });
  }

  return {
    scenarios,
    deductibles,
    optionSets,
    averageGrade,
    gradeDefaultProbability: defaultProbabilityAt(averageGrade, model),
    exportShare: ExactRational.of(exportShare),
    insuredPercentage,
    aggregateFirstLoss,
    averageClaimSize,
    maxLiabilityMultiple,
  };
}

/** Linear between the two grades around an average grade such as 6.5. */
function defaultProbabilityAt(grade: number, model: DefaultProbabilityModel): ExactRational {
  const g = ExactRational.of(grade);
  const lower = Math.floor(grade);
  const below = ExactRational.of(model.defaultProbabilityByGrade[lower] ?? '0');
  if (lower >= model.defaultProbabilityByGrade.length - 1) return below;
  const above = ExactRational.of(model.defaultProbabilityByGrade[lower + 1] ?? '0');
  return below.plus(above.minus(below).times(g.minus(ExactRational.of(lower))));
}

/** A share of turnover, kept within the model's EUR bounds, in minor units of the request currency. */
function defaultAverageClaimSize(quote: CheckedQuoteRequest, model: DefaultProbabilityModel): number {
  const { turnoverShare, minEur, maxEur } = model.averageClaimSize;
  const eur = quote.turnoverEur.times(ExactRational.of(turnoverShare)).max(ExactRational.of(minEur)).min(ExactRational.of(maxEur));
  return Math.max(1, fromEur(eur, quote.currency, quote.fxRateToEur).roundHalfUp());
}

function nonEmptyOr<T>(given: readonly T[] | undefined, fallback: readonly T[]): readonly T[] {
  if (given !== undefined && !Array.isArray(given)) throw new DomainError('INVALID_SCENARIO_CHOICES', 'scenarios, deductibles and option sets are lists', { given });
  return given && given.length > 0 ? given : fallback;
}

const isMinorUnits = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isNumberIn = (value: unknown, min: number, max: number): value is number => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
