import { minorUnitsOf } from './iso-codes';

/**
 * An amount in integer minor units of an ISO 4217 currency. Never floats: every
 * multiplication goes through exact integer (bigint) arithmetic and is rounded half-up
 * (half away from zero) once, at the end.
 */
export class Money {
  private constructor(
    readonly minor: number,
    readonly currency: string,
  ) {}

  static of(minor: number, currency: string): Money {
    if (!Number.isSafeInteger(minor)) throw new RangeError(`money must be an integer number of minor units: ${minor}`);
    minorUnitsOf(currency);
    return new Money(minor, currency);
  }

  static zero(currency: string): Money {
    return Money.of(0, currency);
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.of(this.minor + other.minor, this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.of(this.minor - other.minor, this.currency);
  }

  /** `percent` % of this amount (`percent` may carry decimals: 12.5). */
  percentage(percent: number | string): Money {
    const p = toRational(percent);
    return Money.of(divideHalfUp(BigInt(this.minor) * p.num, p.den * 100n), this.currency);
  }

  /** this × numerator ÷ denominator, e.g. a pro-rata share. */
  ratio(numerator: number, denominator: number): Money {
    if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) throw new RangeError('ratio takes integers');
    if (denominator === 0) throw new RangeError('ratio with a zero denominator');
    return Money.of(divideHalfUp(BigInt(this.minor) * BigInt(numerator), BigInt(denominator)), this.currency);
  }

  /** this × a decimal factor (a premium rate such as 0.0035). */
  times(factor: number | string): Money {
    const f = toRational(factor);
    return Money.of(divideHalfUp(BigInt(this.minor) * f.num, f.den), this.currency);
  }

  /** Converts at `rate` target-currency units per unit of this currency (minor-unit exponents respected). */
  convert(rate: number | string, target: string): Money {
    const r = toRational(rate);
    const shift = minorUnitsOf(target) - minorUnitsOf(this.currency);
    const num = BigInt(this.minor) * r.num * (shift > 0 ? 10n ** BigInt(shift) : 1n);
    const den = r.den * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
    return Money.of(divideHalfUp(num, den), target);
  }

  min(other: Money): Money {
    this.assertSameCurrency(other);
    return this.minor <= other.minor ? this : other;
  }

  max(other: Money): Money {
    this.assertSameCurrency(other);
    return this.minor >= other.minor ? this : other;
  }

  isNegative(): boolean {
    return this.minor < 0;
  }

  isZero(): boolean {
    return this.minor === 0;
  }

  compare(other: Money): number {
    this.assertSameCurrency(other);
    return Math.sign(this.minor - other.minor);
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.minor === other.minor;
  }

  toJSON(): { minor: number; currency: string } {
    return { minor: this.minor, currency: this.currency };
  }

  toString(): string {
    const exp = minorUnitsOf(this.currency);
    const abs = Math.abs(this.minor).toString().padStart(exp + 1, '0');
    const major = exp === 0 ? abs : `${abs.slice(0, -exp)}.${abs.slice(-exp)}`;
    return `${this.minor < 0 ? '-' : ''}${major} ${this.currency}`;
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new CurrencyMismatchError(this.currency, other.currency);
    }
  }
}

export class CurrencyMismatchError extends Error {
  constructor(a: string, b: string) {
    super(`cannot mix currencies ${a} and ${b}`);
    this.name = 'CurrencyMismatchError';
  }
}

/** A decimal (given as a number or its text) as an exact fraction num/den, den a power of 10. */
export function toRational(value: number | string): { num: bigint; den: bigint } {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a decimal number: ${value}`);
  const fraction = m[3] ?? '';
  const num = BigInt(`${m[2]}${fraction}`) * (m[1] === '-' ? -1n : 1n);
  return { num, den: 10n ** BigInt(fraction.length) };
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const text = String(n);
  if (!/e/i.test(text)) return text;
  // Shortest round-trip digits, expanded without exponent (e.g. 1e-7 → 0.0000001).
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** num ÷ den rounded half away from zero. */
export function divideHalfUp(num: bigint, den: bigint): number {
  if (den === 0n) throw new RangeError('division by zero');
  if (den < 0n) [num, den] = [-num, -den];
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = (abs * 2n + den) / (den * 2n);
  return Number(negative ? -q : q);
}
