import { DomainError, isCurrencyCode, isSector, minorUnitsOf, Sector } from '@tc/kernel';
import { ExactRational } from './exact-rational';
import { isPolicyOption, POLICY_OPTIONS, PolicyOption } from './pricing-table';

/** What an underwriter asks to price (API.md `POST /v1/pricing/quotes`). */
export interface QuoteRequest {
  readonly sector: Sector;
  /** Insurable turnover excl. VAT, minor units of `currency`. */
  readonly insurableTurnover: number;
  readonly currency: string;
  /** 5-year loss ratio, indemnities ÷ premiums, a fraction (0.45 = 45 %). */
  readonly lossRatio5y: number;
  /** Deductible per claim, minor units of `currency`. */
  readonly deductible: number;
  readonly options: readonly PolicyOption[];
  /** EUR per unit of `currency`; the tables are in EUR. Required unless `currency` is EUR. */
  readonly fxRateToEur?: number;
}

/** A request that passed the rules, with the amounts the EUR tables are read against. */
export interface CheckedQuoteRequest extends QuoteRequest {
  /** In the canonical order of POLICY_OPTIONS, so equal choices give equal quotes. */
  readonly options: readonly PolicyOption[];
  readonly fxRateToEur: number;
  readonly lossRatio: ExactRational;
  readonly turnoverEur: ExactRational;
  readonly deductibleEur: ExactRational;
}

/** The domain checks its own inputs: the HTTP layer validates too, but a quote must never be priced on nonsense. */
export function checkQuoteRequest(request: QuoteRequest): CheckedQuoteRequest {
  const { sector, currency, insurableTurnover, lossRatio5y, deductible, options } = request;
  if (!isSector(sector)) throw new DomainError('UNKNOWN_SECTOR', `unknown sector: ${String(sector)}`, { sector });
  if (!isCurrencyCode(currency)) throw new DomainError('UNKNOWN_CURRENCY', `unknown ISO 4217 currency: ${String(currency)}`, { currency });
  if (!isNonNegativeMinorUnits(insurableTurnover)) {
    throw new DomainError('INVALID_TURNOVER', 'insurable turnover must be a non-negative integer of minor units', { insurableTurnover });
  }
  const lossRatio = exactOrUndefined(lossRatio5y);
  if (!lossRatio || lossRatio.lessThan(ExactRational.ZERO)) {
    throw new DomainError('INVALID_LOSS_RATIO', 'the 5-year loss ratio must be a fraction ≥ 0', { lossRatio5y });
  }
  if (!isNonNegativeMinorUnits(deductible)) {
    throw new DomainError('INVALID_DEDUCTIBLE', 'the deductible must be a non-negative integer of minor units', { deductible });
  }
  const canonicalOptions = checkOptions(options);
  const fxRateToEur = checkFxRate(currency, request.fxRateToEur);
  return {
    ...request,
    options: canonicalOptions,
    fxRateToEur,
    lossRatio,
    turnoverEur: toEur(insurableTurnover, currency, fxRateToEur),
    deductibleEur: toEur(deductible, currency, fxRateToEur),
  };
}

export function checkOptions(options: readonly PolicyOption[]): PolicyOption[] {
  if (!Array.isArray(options)) throw new DomainError('UNKNOWN_OPTION', 'options must be a list', { options });
  const unknown = options.filter((o) => !isPolicyOption(o));
  if (unknown.length > 0) throw new DomainError('UNKNOWN_OPTION', `unknown option(s): ${unknown.join(', ')}`, { options: unknown });
  if (new Set(options).size !== options.length) throw new DomainError('DUPLICATE_OPTION', 'an option is listed twice', { options });
  return POLICY_OPTIONS.filter((o) => options.includes(o));
}

function checkFxRate(currency: string, fxRateToEur: number | undefined): number {
  if (currency === 'EUR') {
    if (fxRateToEur !== undefined && fxRateToEur !== 1) throw new DomainError('INVALID_FX_RATE', 'a EUR request takes no exchange rate other than 1', { fxRateToEur });
    return 1;
  }
  if (fxRateToEur === undefined || fxRateToEur === null) {
    throw new DomainError('FX_RATE_REQUIRED', `a request in ${currency} needs fxRateToEur (EUR per ${currency})`, { currency });
  }
  const exact = exactOrUndefined(fxRateToEur);
  if (!exact || !exact.greaterThan(ExactRational.ZERO)) {
    throw new DomainError('INVALID_FX_RATE', 'fxRateToEur must be a positive number', { fxRateToEur });
  }
  return fxRateToEur;
}

/** A number as an exact decimal, or undefined when it is not a finite number written without an exponent. */
export function exactOrUndefined(value: unknown): ExactRational | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  try {
    return ExactRational.of(value);
  } catch {
    return undefined;
  }
}

const isNonNegativeMinorUnits = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Minor units of `currency` as an exact amount of EUR (major units), to read the EUR bands. */
export function toEur(minor: number, currency: string, fxRateToEur: number): ExactRational {
  return ExactRational.fraction(BigInt(minor), 10n ** BigInt(minorUnitsOf(currency))).times(ExactRational.of(fxRateToEur));
}

/** Whole or decimal EUR as exact minor units of `currency` (not rounded). */
export function fromEur(eur: ExactRational, currency: string, fxRateToEur: number): ExactRational {
  return eur.times(ExactRational.of(10n ** BigInt(minorUnitsOf(currency)))).dividedBy(ExactRational.of(fxRateToEur));
}
