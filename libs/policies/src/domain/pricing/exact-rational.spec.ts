import { ExactRational } from './exact-rational';

const x = ExactRational.of;

describe('Exact rational arithmetic for rates', () => {
  it('multiplies decimal factors without binary float error', () => {
    expect(x('0.0034').times(x('0.85')).toDecimalString()).toBe('0.00289');
    expect(x(0.1).plus(x(0.2)).equals(x('0.3'))).toBe(true);
  });

  it('writes exact decimals without trailing zeros, negatives included', () => {
    expect(x('1.2500').toDecimalString()).toBe('1.25');
    expect(x('-0.0006').toDecimalString()).toBe('-0.0006');
    expect(ExactRational.fraction(1n, 8n).toDecimalString()).toBe('0.125');
  });

  it('refuses to write a fraction that has no finite decimal form', () => {
    expect(() => ExactRational.fraction(1n, 3n).toDecimalString()).toThrow(RangeError);
  });

  it('rounds half away from zero, once', () => {
    expect(ExactRational.fraction(5n, 2n).roundHalfUp()).toBe(3);
    expect(ExactRational.fraction(-5n, 2n).roundHalfUp()).toBe(-3);
    expect(x('0.003299062').toRoundedNumber(8)).toBe(0.00329906);
    expect(x('0.000000005').toRoundedNumber(8)).toBe(0.00000001);
  });

  it('refuses a zero denominator', () => {
    expect(() => x('1').dividedBy(ExactRational.ZERO)).toThrow(RangeError);
  });
});
