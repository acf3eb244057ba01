/**
 * Shape version of `CreditLimitState` as stored in snapshots. Bump it whenever the state's
 * shape or the fold's meaning changes: snapshots of another version are ignored and the
 * stream is folded from its first event.
 */
export const CREDIT_LIMIT_SNAPSHOT_VERSION = 2;
