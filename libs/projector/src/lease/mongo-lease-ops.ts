/**
 * Every filter and update the MongoDB lease store sends, as pure functions: the always-run
 * spec executes these exact documents with mingo, so their meaning is checked without a server
 * (the contract suite checks the same behaviour against a real one when MONGODB_URL is set).
 *
 * A lease is one document `{ _id: name, holder, token, expiresAt }` in one collection. Expiry is
 * compared with the server's `$$NOW`, never a worker's clock, so clock skew between replicas
 * cannot let two of them hold a lease at once. Each operation is one findOneAndUpdate: the
 * filter is the compare-and-set (the expiry is part of it), the update an aggregation pipeline.
 */
type Doc = Record<string, unknown>;

export interface StoredLease {
  readonly _id: string;
  readonly holder: string;
  readonly token: number;
  readonly expiresAt: Date;
}

export interface LeaseOp {
  readonly filter: Doc;
  readonly update: Doc[] | Doc;
  /** Acquire upserts: a missing lease is created; one held by another makes the insert collide (duplicate key), which means "not acquired". */
  readonly upsert: boolean;
}

const LIVE: Doc = { $expr: { $gt: ['$expiresAt', '$$NOW'] } };
const LAPSED: Doc = { $expr: { $lte: ['$expiresAt', '$$NOW'] } };
/** A released lease keeps its document (and token) with an expiry in the past. */
export const RELEASED_AT = new Date(0);

export function acquireOp(name: string, holder: string, ttlMs: number): LeaseOp {
  // Expressions of one $set stage all read the document as it was, so the token moves only when a new tenure starts.
  const sameTenure = { $and: [{ $eq: ['$holder', { $literal: holder }] }, { $gt: ['$expiresAt', '$$NOW'] }] };
  return {
    filter: { _id: name, $or: [{ holder }, LAPSED] },
    update: [
      {
        $set: {
          token: { $cond: { if: sameTenure, then: '$token', else: { $add: [{ $ifNull: ['$token', 0] }, 1] } } },
          holder: { $literal: holder },
          expiresAt: { $add: ['$$NOW', ttlMs] },
        },
      },
    ],
    upsert: true,
  };
}

export function renewOp(name: string, holder: string, ttlMs: number): LeaseOp {
  return { filter: { _id: name, holder, ...LIVE }, update: [{ $set: { expiresAt: { $add: ['$$NOW', ttlMs] } } }], upsert: false };
}

export function releaseOp(name: string, holder: string): LeaseOp {
  return { filter: { _id: name, holder, ...LIVE }, update: { $set: { expiresAt: RELEASED_AT } }, upsert: false };
}

export const currentFilter = (name: string): Doc => ({ _id: name, ...LIVE });
