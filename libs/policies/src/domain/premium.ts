import { Money, divideHalfUp } from '@tc/kernel';

/** Decimals kept when a premium rate is derived from the annual premium and the estimated turnover. */
export const DERIVED_RATE_DECIMALS = 8;

/** annualPremium ÷ estimatedTurnover (both minor units of one currency), rounded half-up to 8 decimals. */
export function derivePremiumRate(annualPremium: number, estimatedTurnover: number): number {
  const scale = 10n ** BigInt(DERIVED_RATE_DECIMALS);
  const scaled = BigInt(divideHalfUp(BigInt(annualPremium) * scale, BigInt(estimatedTurnover)));
  // Through the decimal text, so the number is the one nearest that exact decimal.
  return Number(`${scaled / scale}.${(scaled % scale).toString().padStart(DERIVED_RATE_DECIMALS, '0')}`);
}

/** Premium due on a declaration: roundHalfUp(insured turnover × rate); 0 without a rate (flat premium). */
export const premiumDueOn = (insuredTurnover: number, premiumRate: number | null, currency: string): number =>
  premiumRate === null ? 0 : Money.of(insuredTurnover, currency).times(premiumRate).minor;
