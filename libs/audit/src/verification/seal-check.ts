import { EventStore, Position } from '@tc/eventstore';
import { AnchorSigner, HeadDigest } from '../anchors/anchor-signer';
import { AnchorStore, HeadSeal, StreamAnchor } from '../anchors/anchor-store.port';

export interface SealCheck {
  /** False when no seal was taken yet: then only the anchors' own MACs protect them. */
  readonly sealed: boolean;
  readonly intact: boolean;
  readonly sealedAt?: string;
  readonly position?: Position;
  readonly streams?: number;
  readonly events?: number;
  readonly reason?: string;
}

const PAGE = 1_000;

/**
 * Checks the latest seal: its signature, then its digest against the heads as they were at
 * its position, from the anchors (or, for streams anchored again since, from the event
 * store). Catches what per-anchor MACs cannot: an anchor row deleted, or put back from an
 * older copy of the file.
 */
export async function checkLatestSeal(events: EventStore, anchors: AnchorStore, signer: AnchorSigner): Promise<SealCheck> {
  const seal = await anchors.latestSeal();
  if (!seal) return { sealed: false, intact: true };
  const about = { sealed: true, sealedAt: seal.sealedAt, position: seal.position, streams: seal.streams, events: seal.events };
  if (!signer.verifySeal(seal)) {
    return { ...about, intact: false, reason: 'the latest seal fails its signature check: the anchors store was altered (or the secret changed)' };
  }
  const digest = new HeadDigest();
  for (let after = ''; ; ) {
    const page = await anchors.page(after, PAGE);
    for (const anchor of page) {
      let head: { revision: number; hash: string } | undefined;
      try {
        head = await headAt(events, anchor, seal);
      } catch {
        // A body edited into invalid JSON cannot be read back; its stream's chain already says where.
        return { ...about, intact: false, reason: `the head of ${anchor.stream} at the seal cannot be read back: its stored events are damaged` };
      }
      if (head) digest.add(anchor.stream, head.revision, head.hash);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].stream;
  }
  if (digest.streams !== seal.streams || digest.events !== seal.events || digest.digest() !== seal.digest) {
    return {
      ...about,
      intact: false,
      reason: `the heads no longer match the seal of ${seal.sealedAt}: an anchor was removed or put back from an older copy, or sealed events were removed`,
    };
  }
  return { ...about, intact: true };
}

/** The stream's head at the seal's position: the anchor itself unless the stream moved on since. */
async function headAt(events: EventStore, anchor: StreamAnchor, seal: HeadSeal): Promise<{ revision: number; hash: string } | undefined> {
  if (events.comparePositions(anchor.position, seal.position) <= 0) return anchor;
  const stream = await events.readStream(anchor.stream);
  for (let i = stream.length - 1; i >= 0; i--) {
    if (events.comparePositions(stream[i].position, seal.position) <= 0) return { revision: stream[i].revision, hash: stream[i].metadata.hash };
  }
  return undefined;
}
