import { CalendarDate, Money } from '@tc/kernel';
import { Receivable, ReceivableState, grantedCoverOf, isRegistered, outstandingOn, toPolicyCurrency } from './receivable.state';

/**
 * DOMAIN.md "Money and the indemnity", the receivable's side: the insured loss, the bound
 * of the indemnity (the policy computes the indemnity itself), and the split of recoveries.
 */

/** Outstanding at the end of the date of loss, in policy currency (roundHalfUp(outstanding × fxRate)). */
export const outstandingAtDateOfLossOf = (r: Receivable, dateOfLoss: CalendarDate): number => toPolicyCurrency(r, outstandingOn(r, dateOfLoss));

/** Insured loss on insured cover: outstanding at the date of loss in policy currency, capped at the cover in force on the shipment date. */
export const insuredLossAt = (r: Receivable, dateOfLoss: CalendarDate): number =>
  Math.min(outstandingAtDateOfLossOf(r, dateOfLoss), r.shipment?.insured ? r.shipment.coverInForce : 0);

/** Pre-shipment option, insolvency before shipment: min(preShipmentCosts, granted cover). */
export const preShipmentInsuredLoss = (r: Receivable, preShipmentCosts: number): number => Math.min(preShipmentCosts, grantedCoverOf(r));

/**
 * The insured loss of the receivable's claim (policy currency), null without a claim. While
 * the claim awaits its decision it follows the dated ledgers (a payment reported late but
 * dated before the date of loss lowers it); from the approval on it is the approved one.
 */
export function insuredLossOf(state: ReceivableState): number | null {
  if (!isRegistered(state) || !state.claim) return null;
  const { claim } = state;
  if (claim.status !== 'FILED' || claim.preShipment) return claim.insuredLoss;
  return insuredLossAt(state, claim.dateOfLoss);
}

/** The most an indemnity may be: roundHalfUp(insured loss × insured percentage). */
export const maxIndemnityOf = (r: Receivable, insuredLoss: number): number => Money.of(insuredLoss, r.policyCurrency).percentage(r.terms.insuredPercentage).minor;

export interface RecoveryShares {
  readonly amountInPolicyCurrency: number;
  readonly insurerShare: number;
  readonly insuredShare: number;
}

/**
 * A recovery after the indemnity (receivable currency): in policy currency roundHalfUp(amount × fxRate);
 * insurer share = roundHalfUp(that × indemnity ÷ outstanding at the date of loss in policy currency),
 * never taking the insurer's total above the indemnity (nor above the recovery); the insured gets the rest.
 */
export function recoveryShares(r: Receivable, amount: number): RecoveryShares {
  const amountInPolicyCurrency = toPolicyCurrency(r, amount);
  const indemnity = r.claim?.indemnity ?? 0;
  const base = r.claim?.outstandingAtDateOfLoss ?? 0;
  const proRata = base > 0 ? Money.of(amountInPolicyCurrency, r.policyCurrency).ratio(indemnity, base).minor : 0;
  const insurerSoFar = r.recoveries.reduce((sum, e) => sum + e.insurerShare, 0);
  const insurerShare = Math.max(0, Math.min(proRata, amountInPolicyCurrency, indemnity - insurerSoFar));
  return { amountInPolicyCurrency, insurerShare, insuredShare: amountInPolicyCurrency - insurerShare };
}
