import { CurrencyMismatchError, Money, divideHalfUp } from './money';

const eur = (minor: number) => Money.of(minor, 'EUR');

describe('Money', () => {
  it('adds and subtracts in the same currency', () => {
    expect(eur(6_000_000).subtract(eur(1_000_000)).add(eur(1)).minor).toBe(5_000_001);
  });

  it('refuses to mix currencies', () => {
    expect(() => eur(1).add(Money.of(1, 'USD'))).toThrow(CurrencyMismatchError);
    expect(() => eur(1).compare(Money.of(1, 'USD'))).toThrow(CurrencyMismatchError);
  });

  it('refuses fractional minor units and unknown currencies', () => {
    expect(() => eur(1.5)).toThrow(RangeError);
    expect(() => Money.of(1, 'XXZ')).toThrow(RangeError);
  });

  it('takes percentages with half-up rounding (worked example: 45,000.00 × 90 % − 1,000.00 = 39,500.00)', () => {
    expect(eur(4_500_000).percentage(90).subtract(eur(100_000)).minor).toBe(3_950_000);
    expect(eur(5).percentage(50).minor).toBe(3); // 2.5 → 3
    expect(eur(-5).percentage(50).minor).toBe(-3); // half away from zero
    expect(eur(1_000).percentage('12.5').minor).toBe(125);
  });

  it('splits pro rata (worked example: 4,000.00 × 39,500 / 45,000 = 3,511.11)', () => {
    const insurer = eur(400_000).ratio(3_950_000, 4_500_000);
    expect(insurer.minor).toBe(351_111);
    expect(eur(400_000).subtract(insurer).minor).toBe(48_889);
  });

  it('multiplies by a decimal rate exactly', () => {
    expect(eur(750_000_000).times(0.0035).minor).toBe(2_625_000);
    expect(eur(1).times('0.5').minor).toBe(1);
  });

  it('converts with an fx rate across minor-unit exponents', () => {
    expect(Money.of(100_000, 'USD').convert(0.92, 'EUR').minor).toBe(92_000);
    expect(Money.of(10_000, 'JPY').convert('0.006123', 'EUR').minor).toBe(6_123); // 10,000 JPY → 61.23 EUR
    expect(Money.of(6_123, 'EUR').convert(163.3, 'JPY').minor).toBe(9_999); // 61.23 × 163.3 = 9,998.859 → 9,999
    expect(Money.of(1_000, 'KWD').convert(3, 'EUR').minor).toBe(300); // 1.000 KWD → 3.00 EUR
  });

  it('keeps exact arithmetic beyond 2^53 intermediate products', () => {
    expect(eur(900_000_000_000).ratio(899_999_999_999, 900_000_000_000).minor).toBe(899_999_999_999);
  });

  it('formats for people', () => {
    expect(eur(3_950_000).toString()).toBe('39500.00 EUR');
    expect(eur(-5).toString()).toBe('-0.05 EUR');
  });

  it('rounds half up at exactly one half', () => {
    expect(divideHalfUp(1n, 2n)).toBe(1);
    expect(divideHalfUp(-1n, 2n)).toBe(-1);
    expect(divideHalfUp(1n, 3n)).toBe(0);
  });
});
