/**
 * DOMAIN.md "Limits, discretionary cover and exposure": when a cover request is granted
 * without an underwriter. Pure: the application layer reads the credit limit (named limit or
 * not, headroom on the request date) and, on GRANTED, reserves then sends DecideCover with
 * `automatic: true` and `decidedAt` = the request date.
 */
export interface AutomaticDecisionInput {
  /** Policy currency. */
  readonly requestedCover: number;
  /** The policy's discretionary limit. */
  readonly discretionaryLimit: number;
  /** A named limit (even 0) exists on the debtor under the policy: it replaces the discretionary limit. */
  readonly hasNamedLimit: boolean;
  /**
   * Headroom on the request date before this receivable's reservation, as the credit limit
   * computes it: limit in force (the discretionary limit when there is no named limit) + top-ups − reserved.
   */
  readonly available: number;
}

export type AutomaticDecision =
  | { readonly automatic: true; readonly decision: 'GRANTED'; readonly amount: number }
  | { readonly automatic: false; readonly reason: string };

export function automaticDecision({ requestedCover, discretionaryLimit, hasNamedLimit, available }: AutomaticDecisionInput): AutomaticDecision {
  const fitsHeadroom = requestedCover <= available;
  if (!hasNamedLimit) {
    return fitsHeadroom
      ? { automatic: true, decision: 'GRANTED', amount: requestedCover }
      : { automatic: false, reason: 'the request exceeds the headroom of the discretionary limit: it waits for an underwriter' };
  }
  if (requestedCover > discretionaryLimit) {
    return { automatic: false, reason: 'on a debtor with a named limit, a request above the discretionary limit waits for an underwriter' };
  }
  return fitsHeadroom
    ? { automatic: true, decision: 'GRANTED', amount: requestedCover }
    : { automatic: false, reason: "the request exceeds the named limit's headroom: it waits for an underwriter" };
}
