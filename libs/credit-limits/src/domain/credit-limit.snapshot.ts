import { CreditLimitState } from './credit-limit.state';

/**
 * Shape version of `CreditLimitState` as stored in snapshots. Bump it whenever the state's
 * shape or the fold's meaning changes: a snapshot of another version is ignored and the
 * stream is folded from its first event.
 */
export const CREDIT_LIMIT_SNAPSHOT_VERSION = 1;

export interface CreditLimitSnapshot {
  readonly version: number;
  /** Stream revision of the last event folded into `state`. */
  readonly revision: number;
  readonly state: CreditLimitState;
}

export const creditLimitSnapshot = (state: CreditLimitState, revision: number): CreditLimitSnapshot => ({
  version: CREDIT_LIMIT_SNAPSHOT_VERSION,
  revision,
  state,
});

/** The snapshot if it has the current shape, else undefined (fold from the start). */
export const usableCreditLimitSnapshot = (snapshot: { version: number } | undefined): CreditLimitSnapshot | undefined =>
  snapshot?.version === CREDIT_LIMIT_SNAPSHOT_VERSION ? (snapshot as CreditLimitSnapshot) : undefined;
