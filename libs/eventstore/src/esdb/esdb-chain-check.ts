import { canonicalEventJson } from '../canonical-json';
import { VerifyReport } from '../eventstore.port';
import { GENESIS_HASH, chainHash } from '../hash-chain';

/** The fields of a recorded event (`@eventstore/db-client`'s RecordedEvent) that the adapter reads. */
export interface RawEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: { readonly commit: bigint; readonly prepare: bigint };
}

const HASH = /^[0-9a-f]{64}$/;

export const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a recorded event is not one this adapter wrote, or undefined when it has the shape of one. */
export function malformation(raw: RawEvent): string | undefined {
  if (!raw.isJson) return 'its body is not JSON';
  if (!isPlainObject(raw.data)) return 'its data is not a JSON object';
  const metadata = raw.metadata;
  if (!isPlainObject(metadata)) return 'its metadata is not a JSON object';
  if (typeof metadata.hash !== 'string' || !HASH.test(metadata.hash)) return 'its metadata has no hash';
  if (typeof metadata.recordedAt !== 'string') return 'its metadata has no recordedAt';
  if (typeof metadata.eventId !== 'string') return 'its metadata has no eventId';
  if (metadata.eventId.toLowerCase() !== raw.id.toLowerCase()) return 'its EventStoreDB event id differs from metadata.eventId';
  return undefined;
}

/**
 * Checks one stream's recorded events, fed in revision order, against the hash chain: each
 * hash must be SHA-256 over the previous one and the canonical JSON of (type, data, metadata
 * without hash), exactly as the SQLite adapter computes it. Only the first break is kept.
 *
 * There is no head record to compare the end of the stream with: EventStoreDB keeps no head
 * table the adapter could write, and its API cannot remove single events. What remains (a
 * soft-deleted stream, which reads as empty; a tail lost by editing or restoring chunk files)
 * leaves a chain that still holds. The audit context's anchors, kept outside the event store,
 * catch it: each stream's anchored head revision and hash must still be there
 * (`checkAgainstAnchor`: "events deleted from the end of the stream").
 */
export class EsdbChainCheck {
  events = 0;
  private previous = GENESIS_HASH;
  private broken?: { revision: number; reason: string };

  constructor(readonly stream: string) {}

  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  add(raw: RawEvent): void {
    if (this.broken) return;
    const expected = this.events++;
    const revision = Number(raw.revision);
    if (revision !== expected) return this.fail(expected, `revision ${expected} is missing`);
    const why = malformation(raw);
    if (why) return this.fail(revision, `not an event of this store: ${why}`);
    const metadata = raw.metadata as { hash: string; recordedAt: string };
    let text: string;
    try {
      text = canonicalEventJson(raw.type, raw.data, metadata, metadata.recordedAt);
    } catch (error) {
      return this.fail(revision, `the event has no canonical JSON: ${(error as Error).message}`);
    }
    if (chainHash(this.previous, text) !== metadata.hash) return this.fail(revision, 'hash does not match the event and the previous hash');
    this.previous = metadata.hash;
  }

  /** A tombstoned stream: its events can no longer be read, so its whole history is gone. */
  deleted(): VerifyReport {
    this.fail(0, 'the stream was deleted (tombstoned) in EventStoreDB');
    return this.finish();
  }

  finish(): VerifyReport {
    return this.broken
      ? { stream: this.stream, intact: false, events: this.events, brokenAtRevision: this.broken.revision, reason: this.broken.reason }
      : { stream: this.stream, intact: true, events: this.events };
  }

  private fail(revision: number, reason: string): void {
    this.broken ??= { revision, reason };
  }
}
