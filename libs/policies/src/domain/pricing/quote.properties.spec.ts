import fc from 'fast-check';
import { SECTORS } from '@tc/kernel';
import { ExactRational } from './exact-rational';
import { CURRENT_PRICING_TABLE, POLICY_OPTIONS } from './pricing-table';
import { priceQuote, reproduceQuote } from './quote';
import { QuoteRequest } from './quote-request';

/** A currency with a rate of up to 6 decimals (API.md), covering 0, 2 and 3 minor-unit currencies. */
const currencyAndRate = fc.oneof(
  fc.constant({ currency: 'EUR', fxRateToEur: undefined as number | undefined }),
  fc.record({ currency: fc.constantFrom('USD', 'GBP', 'CHF', 'JPY', 'KWD'), fxRateToEur: fc.integer({ min: 1, max: 5_000_000 }).map((micro) => micro / 1_000_000) }),
);

const anyRequest: fc.Arbitrary<QuoteRequest> = fc
  .record({
    sector: fc.constantFrom(...SECTORS),
    insurableTurnover: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 0, max: 1_000_000 }).map((n) => n * 100_000_000)),
    lossRatio5y: fc.double({ min: 0, max: 5, noNaN: true }),
    deductible: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000_000 })),
    options: fc.subarray([...POLICY_OPTIONS]),
    money: currencyAndRate,
  })
  .map(({ money, ...rest }) => ({ ...rest, ...money }));

const exact = (text: string) => ExactRational.of(text);

describe('For any valid quote request', () => {
  it('the rate is within 0.10 % – 1.00 % and the premium is at least the minimum premium', () => {
    fc.assert(
      fc.property(anyRequest, (request) => {
        const quote = priceQuote(request);
        const rate = exact(quote.exactRate);
        expect(rate.lessThan(exact(CURRENT_PRICING_TABLE.rateBounds.min))).toBe(false);
        expect(rate.greaterThan(exact(CURRENT_PRICING_TABLE.rateBounds.max))).toBe(false);
        expect(quote.rate).toBeGreaterThanOrEqual(0.001);
        expect(quote.rate).toBeLessThanOrEqual(0.01);
        expect(Number.isSafeInteger(quote.premium)).toBe(true);
        expect(quote.premium).toBeGreaterThanOrEqual(quote.factors.minimumPremium);
        expect(quote.factors.minimumPremium).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('the quote reproduces from its recorded table version and factors', () => {
    fc.assert(
      fc.property(anyRequest, (request) => {
        const quote = priceQuote(request);
        expect(reproduceQuote(JSON.parse(JSON.stringify(quote)))).toEqual({ rate: quote.rate, exactRate: quote.exactRate, premium: quote.premium, matchesRecord: true });
      }),
    );
  });

  it('a larger insurable turnover never raises the rate, all else equal', () => {
    fc.assert(
      fc.property(anyRequest, fc.integer({ min: 0, max: 1_000_000_000_000 }), (request, more) => {
        const smaller = priceQuote(request);
        const larger = priceQuote({ ...request, insurableTurnover: request.insurableTurnover + more });
        expect(exact(larger.exactRate).greaterThan(exact(smaller.exactRate))).toBe(false);
      }),
    );
  });

  it('a 1,000 EUR deductible gives exactly 15 % less than none, away from the rate bounds and the minimum premium', () => {
    const awayFromBounds = anyRequest.map((r) => ({ ...r, currency: 'EUR', fxRateToEur: undefined, options: [] }));
    fc.assert(
      fc.property(awayFromBounds, (request) => {
        const none = priceQuote({ ...request, deductible: 0 });
        const thousand = priceQuote({ ...request, deductible: 100_000 });
        fc.pre([none, thousand].every((q) => q.factors.rateBound === null && !q.factors.minimumPremiumApplied));
        expect(exact(thousand.exactRate).dividedBy(exact(none.exactRate)).equals(exact('0.85'))).toBe(true);
        const exactPremium = exact(none.exactRate).times(ExactRational.of(BigInt(request.insurableTurnover))).times(exact('0.85'));
        expect(thousand.premium).toBe(exactPremium.roundHalfUp());
      }),
      { numRuns: 300 },
    );
  });
});
