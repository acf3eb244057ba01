import { Position } from '@tc/eventstore';

/**
 * Stream heads kept OUTSIDE the event store, so that whoever can rewrite the event store's
 * files (and its `streams` head table with them) still cannot make deleted events at the
 * end of a stream look as if they never existed. The embedded adapter is its own SQLite
 * file; a MongoDB adapter implements the same port.
 */
export const ANCHOR_STORE = Symbol('AnchorStore');

/** A stream's head as the keeper read it from the log, with a MAC so that it cannot be lowered without the secret. */
export interface StreamAnchor {
  readonly stream: string;
  readonly revision: number;
  readonly hash: string;
  readonly position: Position;
  readonly mac: string;
}

/**
 * A periodic seal over every anchor at once: SHA-256 over all heads at `position` (the
 * keeper's checkpoint), HMAC-signed. It covers what per-anchor MACs cannot: a deleted
 * anchor row, or a row put back from an older copy of the file.
 */
export interface HeadSeal {
  readonly sealedAt: string;
  readonly position: Position;
  readonly streams: number;
  /** Events covered: the sum over the heads of revision + 1. */
  readonly events: number;
  readonly digest: string;
  readonly signature: string;
}

export interface AnchorTotals {
  readonly streams: number;
  readonly events: number;
}

export interface AnchorStore {
  /** The last log position the keeper has anchored; undefined before its first batch. */
  checkpoint(): Promise<Position | undefined>;
  /** Raises anchors (never lowers one) and moves the checkpoint, in one transaction. */
  record(anchors: readonly StreamAnchor[], checkpoint: Position): Promise<void>;
  get(stream: string): Promise<StreamAnchor | undefined>;
  /** Anchors in stream-name order (binary collation), strictly after `afterStream`. */
  page(afterStream: string, limit: number): Promise<StreamAnchor[]>;
  totals(): Promise<AnchorTotals>;
  addSeal(seal: HeadSeal): Promise<void>;
  latestSeal(): Promise<HeadSeal | undefined>;
  close(): Promise<void>;
}
