import { Position } from '../eventstore.port';

/** A place in EventStoreDB's `$all`: both halves kept whole, as the server gives them (unsigned 64-bit). */
export interface EsdbPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

const UINT64_MAX = (1n << 64n) - 1n;
// Canonical decimals only (no sign, no leading zero), so that one position has exactly one text.
const TEXT = /^C:(0|[1-9]\d{0,19})\/P:(0|[1-9]\d{0,19})$/;

/** The position the port's empty append reports for a stream that does not exist: the start of the log. */
export const ESDB_START: EsdbPosition = { commit: 0n, prepare: 0n };

export class EsdbPositionError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'EsdbPositionError';
  }
}

/**
 * `C:<commit>/P:<prepare>`, EventStoreDB's own way of writing a position. Every run of digits
 * padded to 20 sorts like the log as plain text (the read store's `sortablePosition`), and the
 * leading number is the commit position, which the projector's progress estimate reads.
 */
export function encodePosition(position: EsdbPosition): Position {
  for (const half of [position.commit, position.prepare]) {
    if (typeof half !== 'bigint' || half < 0n || half > UINT64_MAX) throw new EsdbPositionError(`not an EventStoreDB position: commit ${position.commit}, prepare ${position.prepare}`);
  }
  return `C:${position.commit}/P:${position.prepare}`;
}

export function decodePosition(text: Position): EsdbPosition {
  const match = typeof text === 'string' ? TEXT.exec(text) : null;
  const position = match && { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
  if (!position || position.commit > UINT64_MAX || position.prepare > UINT64_MAX) {
    throw new EsdbPositionError(`not an EventStoreDB event store position: ${typeof text === 'string' ? JSON.stringify(text.slice(0, 60)) : typeof text}`);
  }
  return position;
}

/** Log order: by commit position, then by prepare position (EventStoreDB's TFPos order). */
export function compareEsdbPositions(a: EsdbPosition, b: EsdbPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

export const comparePositionTexts = (a: Position, b: Position): number => compareEsdbPositions(decodePosition(a), decodePosition(b));
