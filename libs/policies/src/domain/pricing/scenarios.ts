import { ExactRational } from './exact-rational';
import { DEFAULT_PROBABILITY_MODEL, DefaultProbabilityModel, Scenario } from './default-probabilities';
import { LossSplit, retainedOf, roundSplit, ScenarioLosses, splitExpectedLoss, totalOf } from './expected-loss';
import { CURRENT_PRICING_TABLE, PolicyOption, PricingTable } from './pricing-table';
import { priceQuote } from './quote';
import { checkQuoteRequest } from './quote-request';
import { checkScenarioRequest, ScenarioRequest } from './scenario-request';

export const MODEL_NOTICE = 'A model for comparing deductible and option choices with each other, not an actuarial price.';

/** One deductible × option set under one scenario. Money in minor units of the request currency. */
export interface ScenarioCell {
  readonly deductible: number;
  readonly options: readonly PolicyOption[];
  readonly rate: number;
  readonly premium: number;
  /** Everything the buyers are expected to leave unpaid in a year, whoever bears it. */
  readonly expectedLoss: number;
  /** The part the insurer is expected to pay. */
  readonly expectedIndemnity: number;
  /** The part the insured is expected to keep: expectedLoss − expectedIndemnity. */
  readonly expectedRetainedLoss: number;
  readonly retained: Omit<LossSplit<number>, 'indemnity'>;
  /** premium + expectedRetainedLoss: the expected yearly cost of credit risk to the insured. */
  readonly netCost: number;
  /** The lowest net cost of its scenario (the first such cell on a tie). */
  readonly cheapest: boolean;
}

export interface ScenarioOutcome {
  readonly scenario: Scenario;
  /** The export share the scenario assumes (fraction). */
  readonly exportShare: number;
  /** Annual probabilities the scenario assumes, rounded to 8 decimals for display. */
  readonly domesticDefaultProbability: number;
  readonly exportDefaultProbability: number;
  readonly politicalEventProbability: number;
  readonly cells: readonly ScenarioCell[];
}

export interface ScenarioSimulation {
  readonly notice: typeof MODEL_NOTICE;
  readonly tableVersion: string;
  readonly modelVersion: string;
  readonly currency: string;
  /** The profile and terms the cells were computed with, defaults filled in. */
  readonly assumptions: {
    readonly averageGrade: number;
    readonly exportShare: number;
    readonly insuredPercentage: number;
    readonly averageClaimSize: number;
    readonly aggregateFirstLoss: number;
    readonly maxLiabilityMultiple: number;
    readonly exposureDays: number;
  };
  readonly scenarios: readonly ScenarioOutcome[];
}

/**
 * Compares premium and expected loss for several deductible and option choices under each
 * scenario (DOMAIN.md "Premium"). Deterministic: expected values, no sampling.
 */
export function simulateScenarios(
  request: ScenarioRequest,
  table: PricingTable = CURRENT_PRICING_TABLE,
  model: DefaultProbabilityModel = DEFAULT_PROBABILITY_MODEL,
): ScenarioSimulation {
  const quoteRequest = checkQuoteRequest(request);
  const r = checkScenarioRequest(request, quoteRequest, model);
  const quotes = r.deductibles.map((deductible) => r.optionSets.map((options) => priceQuote({ ...request, deductible, options }, table)));
  const exposure = ExactRational.of(BigInt(request.insurableTurnover)).times(ExactRational.fraction(BigInt(model.exposureDays), 365n));

  const scenarios = r.scenarios.map((scenario): ScenarioOutcome => {
    const assumption = model.scenarios[scenario];
    const exportShare = r.exportShare.plus(ExactRational.of(assumption.exportShareIncrease)).min(ExactRational.ONE);
    const shock = assumption.sectorShock ? ExactRational.of(model.sectorShockMultipliers[request.sector]) : ExactRational.ONE;
    const domesticPd = r.gradeDefaultProbability.times(ExactRational.of(model.sectorDefaultMultipliers[request.sector])).times(shock).min(ExactRational.ONE);
    const exportPd = domesticPd.times(ExactRational.of(assumption.exportDefaultMultiplier)).min(ExactRational.ONE);
    const politicalPd = ExactRational.of(model.politicalEventProbability).times(ExactRational.of(assumption.politicalMultiplier)).min(ExactRational.ONE);
    const domesticShare = ExactRational.ONE.minus(exportShare);
    const losses: ScenarioLosses = {
      commercial: exposure.times(ExactRational.of(model.lossGivenDefault)).times(domesticShare.times(domesticPd).plus(exportShare.times(exportPd))),
      political: exposure.times(exportShare).times(politicalPd).times(ExactRational.of(model.politicalLossGivenEvent)),
    };
    const cells = quotes.flat().map((quote) => {
      const split = roundSplit(
        splitExpectedLoss(losses, {
          options: quote.options,
          deductible: quote.deductible,
          insuredPercentage: r.insuredPercentage,
          aggregateFirstLoss: r.aggregateFirstLoss,
          averageClaimSize: r.averageClaimSize,
          maximumLiability: quote.premium * r.maxLiabilityMultiple,
        }),
      );
      const { indemnity, ...retained } = split;
      const expectedRetainedLoss = retainedOf(split);
      return {
        deductible: quote.deductible,
        options: quote.options,
        rate: quote.rate,
        premium: quote.premium,
        expectedLoss: totalOf(split),
        expectedIndemnity: indemnity,
        expectedRetainedLoss,
        retained,
        netCost: quote.premium + expectedRetainedLoss,
        cheapest: false,
      };
    });
    return {
      scenario,
      exportShare: exportShare.toRoundedNumber(8),
      domesticDefaultProbability: domesticPd.toRoundedNumber(8),
      exportDefaultProbability: exportPd.toRoundedNumber(8),
      politicalEventProbability: politicalPd.toRoundedNumber(8),
      cells: markCheapest(cells),
    };
  });

  return {
    notice: MODEL_NOTICE,
    tableVersion: table.version,
    modelVersion: model.version,
    currency: quoteRequest.currency,
    assumptions: {
      averageGrade: r.averageGrade,
      exportShare: r.exportShare.toRoundedNumber(8),
      insuredPercentage: r.insuredPercentage,
      averageClaimSize: r.averageClaimSize,
      aggregateFirstLoss: r.aggregateFirstLoss,
      maxLiabilityMultiple: r.maxLiabilityMultiple,
      exposureDays: model.exposureDays,
    },
    scenarios,
  };
}

function markCheapest(cells: ScenarioCell[]): ScenarioCell[] {
  const lowest = Math.min(...cells.map((cell) => cell.netCost));
  const cheapest = cells.findIndex((cell) => cell.netCost === lowest);
  return cells.map((cell, i) => (i === cheapest ? { ...cell, cheapest: true } : cell));
}
