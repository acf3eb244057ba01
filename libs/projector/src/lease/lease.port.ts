/**
 * The lease port: a named, expiring right to run one piece of background work (a projection,
 * a process manager, a timer). Two adapters implement it (embedded SQLite, MongoDB) and both
 * pass the one contract suite in `testing/lease-store.contract.ts`.
 *
 * - Every operation is one compare-and-set in the store: a lease changes hands only when it is
 *   free, released or expired, so two holders never hold one name at once (by the store's clock).
 * - A lease lapses `ttlMs` after its last acquire or renew: a holder that stops renewing (dead,
 *   frozen, cut off) loses it without anyone's help.
 * - A lease does not fence writes by itself: a holder frozen past its expiry may still write
 *   when it wakes. What it writes is harmless because the read store refuses a checkpoint that
 *   goes backwards and a document older than the one stored (see the projector).
 */
export const LEASES = Symbol('LeaseStore');

export interface Lease {
  readonly name: string;
  readonly holder: string;
  /** Grows by one each time the lease starts a new tenure (a new holder, or the same one after a lapse): a fencing token. */
  readonly token: number;
  /** When it lapses unless renewed, by the store's clock. */
  readonly expiresAt: Date;
}

export interface LeaseStore {
  /**
   * Takes the lease when it is free, released or expired; when `holder` has it already, extends
   * it like `renew`. Undefined: another holder has it.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /** Extends the lease to `ttlMs` from now, only while `holder` has it and it has not expired. Undefined: lost. */
  renew(name: string, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /** Gives the lease up at once, if `holder` has it; true when it did. */
  release(name: string, holder: string): Promise<boolean>;
  /** The lease in force, if any (status, tests). */
  current(name: string): Promise<Lease | undefined>;
  close(): Promise<void>;
}

/** Refuses what no store could mean: an empty name or holder, a ttl that is not a positive whole number of ms. */
export function checkLeaseArguments(name: string, holder: string, ttlMs?: number): void {
  if (typeof name !== 'string' || name.length === 0) throw new Error('a lease needs a name');
  if (typeof holder !== 'string' || holder.length === 0) throw new Error(`lease ${name}: a holder is required`);
  if (ttlMs !== undefined && (!Number.isInteger(ttlMs) || ttlMs <= 0)) throw new Error(`lease ${name}: ttlMs must be a positive integer (got ${ttlMs})`);
}
