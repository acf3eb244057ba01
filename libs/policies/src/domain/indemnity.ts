import { divideHalfUp } from '@tc/kernel';

/**
 * DOMAIN.md "Money and the indemnity", for one approved claim:
 *
 *   indemnity = max(0, insured loss − unused aggregate first loss) × insured % − deductible,
 *               never below 0, rounded half-up once;
 *   then capped at what is left of the policy year's maximum liability.
 *
 * The first loss this claim uses is min(insured loss, unused first loss): the aggregate
 * first loss is used up by the year's insured losses in approval order. The claim threshold
 * applies to the indemnity before the cap (the cap is the insurer's budget, not the claim).
 */
export interface IndemnityInput {
  readonly insuredLoss: number;
  readonly insuredPercentage: number;
  readonly deductible: number;
  /** Aggregate first loss of the year not yet used by earlier charges (0 without excess of loss). */
  readonly unusedFirstLoss: number;
  /** Maximum liability of the year minus the indemnities already charged in it. */
  readonly remainingLiability: number;
}

export interface IndemnityBreakdown {
  readonly firstLossUsed: number;
  readonly indemnityBeforeCap: number;
  readonly indemnity: number;
  readonly cappedByMaxLiability: boolean;
}

export function computeIndemnity(input: IndemnityInput): IndemnityBreakdown {
  const firstLossUsed = Math.min(input.insuredLoss, Math.max(0, input.unusedFirstLoss));
  const excess = BigInt(input.insuredLoss - firstLossUsed);
  // (excess × pct − deductible × 100) ÷ 100, rounded once; a negative result is no indemnity.
  const indemnityBeforeCap = Math.max(0, divideHalfUp(excess * BigInt(input.insuredPercentage) - BigInt(input.deductible) * 100n, 100n));
  const room = Math.max(0, input.remainingLiability);
  const indemnity = Math.min(indemnityBeforeCap, room);
  return { firstLossUsed, indemnityBeforeCap, indemnity, cappedByMaxLiability: indemnity < indemnityBeforeCap };
}
