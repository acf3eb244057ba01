import { Sector } from '@tc/kernel';
import { ExactRational } from './exact-rational';
import { CheckedQuoteRequest, checkQuoteRequest, fromEur, QuoteRequest } from './quote-request';
import { CURRENT_PRICING_TABLE, DecimalText, FactorBand, PolicyOption, PricingTable, pricingTableOf } from './pricing-table';

/** Every factor a quote used, recorded so the quote can be recomputed (DOMAIN.md "Premium"). Exact decimals as text. */
export interface QuoteFactors {
  readonly sectorBase: DecimalText;
  readonly volumeFactor: DecimalText;
  readonly lossHistoryFactor: DecimalText;
  readonly deductibleFactor: DecimalText;
  readonly optionLoadings: Readonly<Partial<Record<PolicyOption, DecimalText>>>;
  /** sectorBase × volume × loss history × deductible + Σ loadings, before the 0.10 %–1.00 % bounds. */
  readonly rateBeforeBounds: DecimalText;
  readonly rateBound: 'MIN' | 'MAX' | null;
  /** The table's minimum premium in the quote currency, minor units. */
  readonly minimumPremium: number;
  readonly minimumPremiumApplied: boolean;
}

export interface Quote {
  readonly tableVersion: string;
  readonly sector: Sector;
  readonly currency: string;
  readonly insurableTurnover: number;
  readonly lossRatio5y: number;
  readonly deductible: number;
  readonly options: readonly PolicyOption[];
  /** EUR per unit of `currency` (1 for EUR): the minimum premium and the EUR bands were read with it. */
  readonly fxRateToEur: number;
  /** The exact rate rounded to 8 decimals, for display and for the policy's `premiumRate`. */
  readonly rate: number;
  /** The exact rate the premium was computed from. */
  readonly exactRate: DecimalText;
  /** Minor units of `currency`. */
  readonly premium: number;
  readonly factors: QuoteFactors;
}

/** Prices a request with one table version: pure, exact, rounded once at the end. */
export function priceQuote(request: QuoteRequest, table: PricingTable = CURRENT_PRICING_TABLE): Quote {
  const checked = checkQuoteRequest(request);
  const looked = lookUpFactors(checked, table);
  const minimumPremium = minimumPremiumIn(table, checked.currency, checked.fxRateToEur);
  const outcome = applyFactors(looked, table, checked.insurableTurnover, minimumPremium);
  return {
    tableVersion: table.version,
    sector: checked.sector,
    currency: checked.currency,
    insurableTurnover: checked.insurableTurnover,
    lossRatio5y: checked.lossRatio5y,
    deductible: checked.deductible,
    options: checked.options,
    fxRateToEur: checked.fxRateToEur,
    rate: outcome.rate.toRoundedNumber(8),
    exactRate: outcome.rate.toDecimalString(),
    premium: outcome.premium,
    factors: {
      ...looked,
      rateBeforeBounds: outcome.rateBeforeBounds.toDecimalString(),
      rateBound: outcome.rateBound,
      minimumPremium,
      minimumPremiumApplied: outcome.minimumPremiumApplied,
    },
  };
}

export interface ReproducedQuote {
  readonly rate: number;
  readonly exactRate: DecimalText;
  readonly premium: number;
  /**
   * True when the recorded factors are what the recorded table version gives for the
   * recorded inputs, and the recorded rate, premium and minimum premium follow from them.
   */
  readonly matchesRecord: boolean;
}

/**
 * Recomputes a recorded quote (as stored, e.g. parsed from JSON) from its own factors and
 * the bounds and minimum premium of its table version: an auditor's check that the
 * recorded numbers follow from the recorded inputs.
 */
export function reproduceQuote(recorded: Quote): ReproducedQuote {
  const table = pricingTableOf(recorded.tableVersion);
  const minimumPremium = minimumPremiumIn(table, recorded.currency, recorded.fxRateToEur);
  const outcome = applyFactors(recorded.factors, table, recorded.insurableTurnover, minimumPremium);
  const looked = lookUpFactors(checkQuoteRequest(recorded), table);
  const sameFactors = sameRateFactors(looked, recorded.factors);
  return {
    rate: outcome.rate.toRoundedNumber(8),
    exactRate: outcome.rate.toDecimalString(),
    premium: outcome.premium,
    matchesRecord:
      sameFactors &&
      ExactRational.of(recorded.exactRate).equals(outcome.rate) &&
      ExactRational.of(recorded.factors.rateBeforeBounds).equals(outcome.rateBeforeBounds) &&
      recorded.factors.rateBound === outcome.rateBound &&
      recorded.factors.minimumPremium === minimumPremium &&
      recorded.factors.minimumPremiumApplied === outcome.minimumPremiumApplied &&
      recorded.premium === outcome.premium,
  };
}

function lookUpFactors(checked: CheckedQuoteRequest, table: PricingTable): RateFactors {
  return {
    sectorBase: table.sectorBaseRates[checked.sector],
    volumeFactor: factorOf(table.volumeBands, checked.turnoverEur),
    lossHistoryFactor: factorOf(table.lossRatioBands, checked.lossRatio),
    deductibleFactor: factorOf(table.deductibleBands, checked.deductibleEur),
    optionLoadings: Object.fromEntries(checked.options.map((o) => [o, table.optionLoadings[o]])),
  };
}

type RateFactors = Pick<QuoteFactors, 'sectorBase' | 'volumeFactor' | 'lossHistoryFactor' | 'deductibleFactor' | 'optionLoadings'>;

function applyFactors(factors: RateFactors, table: PricingTable, turnover: number, minimumPremium: number) {
  const product = [factors.sectorBase, factors.volumeFactor, factors.lossHistoryFactor, factors.deductibleFactor]
    .map((f) => ExactRational.of(f))
    .reduce((a, b) => a.times(b));
  const loadings = Object.values(factors.optionLoadings).reduce((sum, l) => sum.plus(ExactRational.of(l ?? '0')), ExactRational.ZERO);
  const rateBeforeBounds = product.plus(loadings);
  const min = ExactRational.of(table.rateBounds.min);
  const max = ExactRational.of(table.rateBounds.max);
  const rateBound = rateBeforeBounds.lessThan(min) ? 'MIN' : rateBeforeBounds.greaterThan(max) ? 'MAX' : null;
  const rate = rateBound === 'MIN' ? min : rateBound === 'MAX' ? max : rateBeforeBounds;
  const ratedPremium = rate.times(ExactRational.of(BigInt(turnover))).roundHalfUp();
  const minimumPremiumApplied = ratedPremium < minimumPremium;
  return { rateBeforeBounds, rate, rateBound, premium: minimumPremiumApplied ? minimumPremium : ratedPremium, minimumPremiumApplied } as const;
}

function sameRateFactors(a: RateFactors, b: RateFactors): boolean {
  const same = (x: DecimalText | undefined, y: DecimalText | undefined) => x !== undefined && y !== undefined && ExactRational.of(x).equals(ExactRational.of(y));
  const aOptions = Object.keys(a.optionLoadings) as PolicyOption[];
  return (
    same(a.sectorBase, b.sectorBase) &&
    same(a.volumeFactor, b.volumeFactor) &&
    same(a.lossHistoryFactor, b.lossHistoryFactor) &&
    same(a.deductibleFactor, b.deductibleFactor) &&
    aOptions.length === Object.keys(b.optionLoadings).length &&
    aOptions.every((o) => same(a.optionLoadings[o], b.optionLoadings[o]))
  );
}

/** The band whose lower bound is the highest one at or below `value`. */
function factorOf(bands: readonly FactorBand[], value: ExactRational): DecimalText {
  let factor: DecimalText | undefined;
  for (const band of bands) if (!value.lessThan(ExactRational.of(band.from))) factor = band.factor;
  if (factor === undefined) throw new RangeError(`no band covers ${value.toDecimalString()}: a table's first band starts at 0`);
  return factor;
}

function minimumPremiumIn(table: PricingTable, currency: string, fxRateToEur: number): number {
  return fromEur(ExactRational.of(table.minimumPremiumEur), currency, fxRateToEur).roundHalfUp();
}
