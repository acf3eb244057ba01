/**
 * Whether this process starts its background work itself at bootstrap: the projector, the
 * process managers and the timers of the contexts (dunning ticks, exposure reconciliation,
 * audit anchoring). The embedded API does (RUN_BACKGROUND=auto|true); an API on production
 * stores leaves it to the workers; the worker starts each piece itself, under a lease. A
 * service with a timer of its own checks this before starting it; without the token (a test
 * module) it starts as before.
 */
export const BACKGROUND = Symbol('Background');

export interface Background {
  readonly startsOnBootstrap: boolean;
}
