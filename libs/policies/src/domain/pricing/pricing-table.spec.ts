import { DomainError, SECTORS } from '@tc/kernel';
import { ExactRational } from './exact-rational';
import { CURRENT_PRICING_TABLE, FactorBand, PRICING_TABLES, pricingTableOf } from './pricing-table';

const x = (text: string) => ExactRational.of(text);
const factors = (bands: readonly FactorBand[]) => bands.map((b) => x(b.factor));
const strictlyDescending = (values: ExactRational[]) => values.slice(1).every((v, i) => v.lessThan(values[i]!));
const factorAt = (bands: readonly FactorBand[], from: string) => bands.find((b) => x(b.from).equals(x(from)))?.factor;

describe.each(Object.values(PRICING_TABLES))('The pricing table $version', (table) => {
  it('prices every sector of the one vocabulary, each within the rate bounds', () => {
    expect(Object.keys(table.sectorBaseRates).sort()).toEqual([...SECTORS].sort());
    for (const rate of Object.values(table.sectorBaseRates)) {
      expect(x(rate).lessThan(x(table.rateBounds.min))).toBe(false);
      expect(x(rate).greaterThan(x(table.rateBounds.max))).toBe(false);
    }
  });

  it('bounds the rate to 0.10 % – 1.00 %', () => {
    expect(x(table.rateBounds.min).equals(x('0.001'))).toBe(true);
    expect(x(table.rateBounds.max).equals(x('0.01'))).toBe(true);
  });

  it.each(['volumeBands', 'lossRatioBands', 'deductibleBands'] as const)('starts %s at 0 with ascending lower bounds', (name) => {
    const bands = table[name];
    expect(x(bands[0]!.from).equals(ExactRational.ZERO)).toBe(true);
    bands.slice(1).forEach((band, i) => expect(x(band.from).greaterThan(x(bands[i]!.from))).toBe(true));
  });

  it('lowers the volume factor band after band: a larger insured base pools better', () => {
    expect(strictlyDescending(factors(table.volumeBands))).toBe(true);
  });

  it('discounts a loss ratio under 30 % and surcharges the high ones, rising band after band', () => {
    expect(x(factorAt(table.lossRatioBands, '0')!).lessThan(ExactRational.ONE)).toBe(true);
    expect(x(factorAt(table.lossRatioBands, '0.30')!).equals(ExactRational.ONE)).toBe(true);
    expect(strictlyDescending(factors(table.lossRatioBands).reverse())).toBe(true);
  });

  it('has no deductible factor 1.00, a 1,000 EUR deductible exactly 0.85, and larger deductibles lower', () => {
    expect(x(factorAt(table.deductibleBands, '0')!).equals(ExactRational.ONE)).toBe(true);
    expect(x(factorAt(table.deductibleBands, '1000')!).equals(x('0.85'))).toBe(true);
    expect(strictlyDescending(factors(table.deductibleBands))).toBe(true);
  });

  it('loads political risk and pre-shipment, and takes off for excess of loss', () => {
    expect(x(table.optionLoadings.POLITICAL_RISK).greaterThan(ExactRational.ZERO)).toBe(true);
    expect(x(table.optionLoadings.PRE_SHIPMENT).greaterThan(ExactRational.ZERO)).toBe(true);
    expect(x(table.optionLoadings.EXCESS_OF_LOSS).lessThan(ExactRational.ZERO)).toBe(true);
  });

  it('sets a positive minimum premium in EUR', () => {
    expect(x(table.minimumPremiumEur).greaterThan(ExactRational.ZERO)).toBe(true);
  });

  it('is found by its version', () => {
    expect(pricingTableOf(table.version)).toBe(table);
  });
});

describe('The published tables', () => {
  it('make 2026.1 the current one', () => {
    expect(CURRENT_PRICING_TABLE.version).toBe('2026.1');
    expect(PRICING_TABLES['2026.1']).toBe(CURRENT_PRICING_TABLE);
  });

  it('refuse an unknown version, including names inherited from Object', () => {
    for (const version of ['2025.9', 'toString', '__proto__']) {
      expect(() => pricingTableOf(version)).toThrow(DomainError);
    }
  });
});
