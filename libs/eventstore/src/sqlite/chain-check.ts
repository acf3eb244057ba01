import { VerifyReport } from '../eventstore.port';
import { GENESIS_HASH, chainHash } from '../hash-chain';

/** A stream's row in the `streams` table: its last revision and the hash of that event. */
export type HeadRow = [revision: number, headHash: string];

/**
 * Checks one stream's stored rows, fed in revision order, against the hash chain and the
 * stream's head row. Only the first break is kept: every hash after it is suspect anyway.
 */
export class ChainCheck {
  events = 0;
  private previous = GENESIS_HASH;
  private broken?: { revision: number; reason: string };

  constructor(readonly stream: string) {}

  add(revision: number, type: string, eventId: string, body: string, hash: string): void {
    if (this.broken) return;
    const expected = this.events++;
    if (revision !== expected) return this.fail(expected, `revision ${expected} is missing`);
    if (chainHash(this.previous, body) !== hash) return this.fail(revision, 'hash does not match the body and the previous hash');
    // The type and event id columns are copies used for filtering and deduplication; the hash
    // covers only the body, so a copy edited on its own is caught here.
    const parsed = JSON.parse(body) as { type: string; metadata: { eventId: string } };
    if (parsed.type !== type || parsed.metadata.eventId !== eventId) return this.fail(revision, 'type or event id column differs from the body');
    this.previous = hash;
  }

  finish(head: HeadRow | undefined): VerifyReport {
    const last = this.events - 1;
    if (!this.broken) {
      if (!head) {
        if (this.events > 0) this.fail(last, 'the stream has events but no head record');
      } else if (head[0] > last) {
        this.fail(last + 1, `revisions ${last + 1}..${head[0]} recorded in the head are missing`);
      } else if (head[0] < last) {
        this.fail(head[0] + 1, `events after the recorded head revision ${head[0]}`);
      } else if (head[1] !== this.previous) {
        this.fail(last, 'the last hash differs from the recorded head hash');
      }
    }
    return this.broken
      ? { stream: this.stream, intact: false, events: this.events, brokenAtRevision: this.broken.revision, reason: this.broken.reason }
      : { stream: this.stream, intact: true, events: this.events };
  }

  private fail(revision: number, reason: string): void {
    this.broken ??= { revision, reason };
  }
}
