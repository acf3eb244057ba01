import { divideHalfUp, toRational } from '@tc/kernel';

/**
 * An exact fraction of two bigints. Pricing multiplies several decimal factors and the
 * scenario model divides (days ÷ 365, loss ÷ claim size); doing it in floats would make
 * a quote depend on the order of operations, so nothing is rounded until the caller asks.
 */
export class ExactRational {
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static readonly ZERO = new ExactRational(0n, 1n);
  static readonly ONE = new ExactRational(1n, 1n);

  /** A decimal given as a number or its text ("0.0035"), or an integer. */
  static of(value: number | string | bigint): ExactRational {
    if (typeof value === 'bigint') return new ExactRational(value, 1n);
    const r = toRational(value);
    return ExactRational.fraction(r.num, r.den);
  }

  static fraction(num: bigint, den: bigint): ExactRational {
    if (den === 0n) throw new RangeError('division by zero');
    if (den < 0n) [num, den] = [-num, -den];
    const g = gcd(num < 0n ? -num : num, den);
    return new ExactRational(num / g, den / g);
  }

  plus(other: ExactRational): ExactRational {
    return ExactRational.fraction(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  minus(other: ExactRational): ExactRational {
    return ExactRational.fraction(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  times(other: ExactRational): ExactRational {
    return ExactRational.fraction(this.num * other.num, this.den * other.den);
  }

  dividedBy(other: ExactRational): ExactRational {
    return ExactRational.fraction(this.num * other.den, this.den * other.num);
  }

  compare(other: ExactRational): -1 | 0 | 1 {
    const diff = this.num * other.den - other.num * this.den;
    return diff < 0n ? -1 : diff > 0n ? 1 : 0;
  }

  lessThan(other: ExactRational): boolean {
    return this.compare(other) < 0;
  }

  greaterThan(other: ExactRational): boolean {
    return this.compare(other) > 0;
  }

  equals(other: ExactRational): boolean {
    return this.compare(other) === 0;
  }

  min(other: ExactRational): ExactRational {
    return this.compare(other) <= 0 ? this : other;
  }

  max(other: ExactRational): ExactRational {
    return this.compare(other) >= 0 ? this : other;
  }

  /** Rounded half-up to an integer: the one rounding of an amount in minor units. */
  roundHalfUp(): number {
    return divideHalfUp(this.num, this.den);
  }

  /** Rounded half-up to `places` decimals, as a number (for display only). */
  toRoundedNumber(places: number): number {
    const scale = 10n ** BigInt(places);
    return Number(formatScaled(BigInt(divideHalfUp(this.num * scale, this.den)), places));
  }

  /**
   * The exact decimal text ("0.0028900"→"0.00289"). Products and sums of decimals always
   * terminate; a fraction that does not (1/3) is a programming error here, not data.
   */
  toDecimalString(): string {
    let twos = 0;
    let fives = 0;
    let rest = this.den;
    while (rest % 2n === 0n) [rest, twos] = [rest / 2n, twos + 1];
    while (rest % 5n === 0n) [rest, fives] = [rest / 5n, fives + 1];
    if (rest !== 1n) throw new RangeError(`${this.num}/${this.den} has no finite decimal form`);
    const places = Math.max(twos, fives);
    return formatScaled((this.num * 10n ** BigInt(places)) / this.den, places);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function formatScaled(scaled: bigint, places: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
