import { DomainError } from '@tc/kernel';
import { ExactRational } from './exact-rational';
import { CURRENT_PRICING_TABLE, PolicyOption, pricingTableOf } from './pricing-table';
import { priceQuote, Quote, reproduceQuote } from './quote';
import { QuoteRequest } from './quote-request';

const EUR = (euros: number) => Math.round(euros * 100);

/** Away from every bound: metals 0.34 %, 10 M EUR (volume 1.00), 45 % loss ratio (1.00), no deductible. */
const request: QuoteRequest = { sector: 'metals', insurableTurnover: EUR(10_000_000), currency: 'EUR', lossRatio5y: 0.45, deductible: 0, options: [] };
const exact = (quote: Quote) => ExactRational.of(quote.exactRate);

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('Pricing a quote', () => {
  it('given a request away from every bound, then rate = sectorBase × volume × loss history × deductible and premium = rate × turnover', () => {
    const quote = priceQuote(request);

    expect(quote).toMatchObject({ tableVersion: '2026.1', currency: 'EUR', rate: 0.0034, exactRate: '0.0034', premium: EUR(34_000) });
    expect(quote.factors).toEqual({
      sectorBase: '0.0034',
      volumeFactor: '1.00',
      lossHistoryFactor: '1.00',
      deductibleFactor: '1.00',
      optionLoadings: {},
      rateBeforeBounds: '0.0034',
      rateBound: null,
      minimumPremium: EUR(1_500),
      minimumPremiumApplied: false,
    });
  });

  it('rounds the premium half-up once, from the exact rate', () => {
    // 0.0034 × 500,002,500 minor units = 1,700,008.5 exactly
    expect(priceQuote({ ...request, insurableTurnover: 500_002_500 }).premium).toBe(1_700_009);
  });

  it('adds option loadings after the factors: political risk and pre-shipment cost more, excess of loss less', () => {
    const withOptions = (options: PolicyOption[]) => priceQuote({ ...request, options });

    expect(withOptions(['POLITICAL_RISK']).exactRate).toBe('0.0039');
    expect(withOptions(['PRE_SHIPMENT']).exactRate).toBe('0.0037');
    expect(withOptions(['EXCESS_OF_LOSS']).exactRate).toBe('0.0028');
    expect(withOptions(['EXCESS_OF_LOSS', 'POLITICAL_RISK']).factors.optionLoadings).toEqual({ POLITICAL_RISK: '0.0005', EXCESS_OF_LOSS: '-0.0006' });
  });
});

describe('Premium rate on insurable turnover, always within 0.10 % – 1.00 %', () => {
  it('given a stable sector, a large base, a clean history and a large deductible, when priced below 0.10 %, then the rate is 0.10 %', () => {
    const quote = priceQuote({ sector: 'pharmaceuticals', insurableTurnover: EUR(600_000_000), currency: 'EUR', lossRatio5y: 0.1, deductible: EUR(25_000), options: [] });

    expect(quote.factors.rateBeforeBounds).toBe('0.0007371'); // 0.0018 × 0.70 × 0.90 × 0.65
    expect(quote.factors.rateBound).toBe('MIN');
    expect(quote.rate).toBe(0.001);
    expect(quote.premium).toBe(EUR(600_000));
  });

  it('given excess of loss on an already low rate, when the loading takes it below 0.10 %, then the floor still holds', () => {
    const quote = priceQuote({ sector: 'ict', insurableTurnover: EUR(600_000_000), currency: 'EUR', lossRatio5y: 0.1, deductible: 0, options: ['EXCESS_OF_LOSS'] });

    expect(quote.factors.rateBeforeBounds).toBe('0.000534');
    expect(quote).toMatchObject({ rate: 0.001, factors: { rateBound: 'MIN' } });
  });

  it('given a volatile sector, a small base, a bad history and options, when priced above 1.00 %, then the rate is 1.00 %', () => {
    const quote = priceQuote({ sector: 'construction', insurableTurnover: EUR(500_000), currency: 'EUR', lossRatio5y: 1.2, deductible: 0, options: ['POLITICAL_RISK', 'PRE_SHIPMENT'] });

    expect(quote.factors.rateBeforeBounds).toBe('0.0104'); // 0.0048 × 1.25 × 1.60 + 0.0005 + 0.0003
    expect(quote.factors.rateBound).toBe('MAX');
    expect(quote.rate).toBe(0.01);
    expect(quote.premium).toBe(EUR(5_000));
  });
});

describe('a 1,000 EUR deductible per claim lowers the premium by 15 %', () => {
  it('given the same request with no deductible and with 1,000 EUR, then the rates are in the ratio 0.85 exactly, and so are the premiums', () => {
    const none = priceQuote(request);
    const thousand = priceQuote({ ...request, deductible: EUR(1_000) });

    expect(exact(thousand).dividedBy(exact(none)).equals(ExactRational.of('0.85'))).toBe(true);
    expect(thousand.factors.deductibleFactor).toBe('0.85');
    expect(thousand.premium).toBe(EUR(28_900));
    expect(thousand.premium * 100).toBe(none.premium * 85);
  });

  it('reads the deductible in EUR: 1,087 USD at 0.92 is over 1,000 EUR, 1,086 USD is not', () => {
    const inUsd = (dollars: number) => priceQuote({ ...request, currency: 'USD', fxRateToEur: 0.92, deductible: EUR(dollars) }).factors.deductibleFactor;

    expect(inUsd(1_087)).toBe('0.85');
    expect(inUsd(1_086)).toBe('1.00');
  });

  it('gives no discount below 1,000 EUR, and larger deductibles lower the rate further', () => {
    const rateWith = (euros: number) => exact(priceQuote({ ...request, deductible: EUR(euros) }));

    expect(rateWith(999.99).equals(rateWith(0))).toBe(true);
    const ladder = [0, 1_000, 2_500, 5_000, 10_000, 25_000].map(rateWith);
    ladder.slice(1).forEach((rate, i) => expect(rate.lessThan(ladder[i]!)).toBe(true));
  });

  it('lowers the risk rate only: option loadings are added after the deductible factor', () => {
    const quote = priceQuote({ ...request, deductible: EUR(1_000), options: ['POLITICAL_RISK'] });

    expect(quote.exactRate).toBe('0.00339'); // 0.0034 × 0.85 + 0.0005
  });
});

describe('premium = max(minimumPremium, rate × insured turnover)', () => {
  it('given a small turnover, when rate × turnover is under 1,500 EUR, then the premium is the minimum premium and the rate is kept', () => {
    const quote = priceQuote({ ...request, sector: 'services', insurableTurnover: EUR(100_000) });

    expect(quote.exactRate).toBe('0.00325'); // 0.0026 × 1.25
    expect(quote.premium).toBe(EUR(1_500));
    expect(quote.factors.minimumPremiumApplied).toBe(true);
  });

  it('charges the minimum premium on a nil turnover', () => {
    expect(priceQuote({ ...request, insurableTurnover: 0 })).toMatchObject({ premium: EUR(1_500), factors: { minimumPremiumApplied: true } });
  });

  it('converts the minimum premium into the request currency at its rate, respecting minor units', () => {
    const inCurrency = (currency: string, fxRateToEur: number) => priceQuote({ ...request, currency, fxRateToEur, insurableTurnover: 0 }).premium;

    expect(inCurrency('USD', 0.92)).toBe(163_043); // 1,500 ÷ 0.92 = 1,630.434… USD
    expect(inCurrency('JPY', 0.0062)).toBe(241_935); // 1,500 ÷ 0.0062 = 241,935.48… JPY, no minor unit
    expect(inCurrency('KWD', 2.8)).toBe(535_714); // 535.714285… KWD, three decimals
  });
});

describe('5-year loss ratio (indemnities / premiums) under 30 % earns a discount; high loss ratios a surcharge', () => {
  const factorFor = (lossRatio5y: number) => priceQuote({ ...request, lossRatio5y }).factors.lossHistoryFactor;

  it.each([
    [0, '0.90'],
    [0.2999, '0.90'],
    [0.3, '1.00'],
    [0.59, '1.00'],
    [0.6, '1.15'],
    [0.8, '1.35'],
    [1, '1.60'],
    [3.5, '1.60'],
  ])('given a loss ratio of %p, then the loss history factor is %s', (lossRatio5y, factor) => {
    expect(factorFor(lossRatio5y)).toBe(factor);
  });

  it('given a 20 % loss ratio, then the premium is 10 % under a 45 % one; given 90 %, 35 % over', () => {
    expect(priceQuote({ ...request, lossRatio5y: 0.2 }).premium).toBe(EUR(30_600));
    expect(priceQuote({ ...request, lossRatio5y: 0.9 }).premium).toBe(EUR(45_900));
  });
});

describe('sectorBase: volatile sectors (construction, textile) above stable ones (ict)', () => {
  it('given the same request, then construction and textile cost more than ict and pharmaceuticals', () => {
    const rateOf = (sector: QuoteRequest['sector']) => exact(priceQuote({ ...request, sector }));

    for (const volatile of ['construction', 'textile'] as const) {
      for (const stable of ['ict', 'pharmaceuticals'] as const) expect(rateOf(volatile).greaterThan(rateOf(stable))).toBe(true);
    }
  });
});

describe('volumeFactor: a larger insured base lowers the unit rate (pooling)', () => {
  it('given growing turnovers, then each band has a lower rate than the one before', () => {
    const rates = [500_000, 2_000_000, 10_000_000, 50_000_000, 200_000_000, 1_000_000_000].map((euros) => exact(priceQuote({ ...request, insurableTurnover: EUR(euros) })));

    rates.slice(1).forEach((rate, i) => expect(rate.lessThan(rates[i]!)).toBe(true));
  });

  it('reads the band on the EUR equivalent: 5,000,000 USD at 0.92 is 4,600,000 EUR', () => {
    expect(priceQuote({ ...request, currency: 'USD', fxRateToEur: 0.92, insurableTurnover: EUR(5_000_000) }).factors.volumeFactor).toBe('1.10');
  });
});

describe('A quote is reproducible: it records the table version and every factor used', () => {
  const quote = priceQuote({ ...request, currency: 'USD', fxRateToEur: 0.92, deductible: EUR(3_000), lossRatio5y: 0.7, options: ['PRE_SHIPMENT', 'POLITICAL_RISK'] });
  const stored: Quote = JSON.parse(JSON.stringify(quote));

  it('given a stored quote, when recomputed from its recorded factors and table version, then it gives the same rate and premium', () => {
    expect(reproduceQuote(stored)).toEqual({ rate: quote.rate, exactRate: quote.exactRate, premium: quote.premium, matchesRecord: true });
  });

  it('given a stored quote, when priced again with the table of its version, then every field is the same', () => {
    const again = priceQuote({ ...stored, options: [...stored.options] }, pricingTableOf(stored.tableVersion));

    expect(again).toEqual(quote);
  });

  it('given a stored quote whose premium or a factor was altered, then it no longer matches', () => {
    expect(reproduceQuote({ ...stored, premium: stored.premium + 1 }).matchesRecord).toBe(false);
    expect(reproduceQuote({ ...stored, factors: { ...stored.factors, deductibleFactor: '0.75' } }).matchesRecord).toBe(false);
    expect(reproduceQuote({ ...stored, lossRatio5y: 0.2 }).matchesRecord).toBe(false);
  });

  it('refuses to reproduce a quote from an unknown table version', () => {
    expect(refusal(() => reproduceQuote({ ...stored, tableVersion: '1999.1' })).code).toBe('UNKNOWN_PRICING_TABLE');
  });

  it('records the options in one order, so the order they were asked in does not change the quote', () => {
    expect(priceQuote({ ...request, options: ['EXCESS_OF_LOSS', 'POLITICAL_RISK'] })).toEqual(priceQuote({ ...request, options: ['POLITICAL_RISK', 'EXCESS_OF_LOSS'] }));
    expect(quote.options).toEqual(['POLITICAL_RISK', 'PRE_SHIPMENT']);
  });

  it('keeps the published table immutable', () => {
    expect(Object.isFrozen(CURRENT_PRICING_TABLE.sectorBaseRates)).toBe(true);
    expect(Object.isFrozen(CURRENT_PRICING_TABLE.deductibleBands[1])).toBe(true);
  });
});

describe('A quote request is checked in the domain', () => {
  it.each<[string, Partial<QuoteRequest> & Record<string, unknown>, string]>([
    ['a negative turnover', { insurableTurnover: -1 }, 'INVALID_TURNOVER'],
    ['a turnover in fractions of a minor unit', { insurableTurnover: 10.5 }, 'INVALID_TURNOVER'],
    ['a negative loss ratio', { lossRatio5y: -0.01 }, 'INVALID_LOSS_RATIO'],
    ['a loss ratio that is not a number', { lossRatio5y: Number.NaN }, 'INVALID_LOSS_RATIO'],
    ['an absurdly large loss ratio', { lossRatio5y: 1e21 }, 'INVALID_LOSS_RATIO'],
    ['a negative deductible', { deductible: -100 }, 'INVALID_DEDUCTIBLE'],
    ['an unknown sector', { sector: 'mining' as never }, 'UNKNOWN_SECTOR'],
    ['an unknown option', { options: ['WAR_RISK' as never] }, 'UNKNOWN_OPTION'],
    ['an option twice', { options: ['PRE_SHIPMENT', 'PRE_SHIPMENT'] }, 'DUPLICATE_OPTION'],
    ['an unknown currency', { currency: 'XXX' }, 'UNKNOWN_CURRENCY'],
    ['a foreign currency without a rate', { currency: 'USD' }, 'FX_RATE_REQUIRED'],
    ['a zero exchange rate', { currency: 'USD', fxRateToEur: 0 }, 'INVALID_FX_RATE'],
    ['a negative exchange rate', { currency: 'USD', fxRateToEur: -0.9 }, 'INVALID_FX_RATE'],
    ['a EUR request with a rate other than 1', { fxRateToEur: 1.1 }, 'INVALID_FX_RATE'],
  ])('refuses %s', (_, change, code) => {
    expect(refusal(() => priceQuote({ ...request, ...change } as QuoteRequest)).code).toBe(code);
  });

  it('accepts a EUR request that states its rate as 1', () => {
    expect(priceQuote({ ...request, fxRateToEur: 1 }).premium).toBe(EUR(34_000));
  });
});
