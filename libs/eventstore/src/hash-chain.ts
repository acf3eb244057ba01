import { hash } from 'node:crypto';

/** The "previous hash" of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 (hex) over the previous event's hash followed by this event's canonical JSON, so
 * changing, removing or reordering any stored event breaks every hash after it.
 */
export function chainHash(previousHash: string, canonicalText: string): string {
  return hash('sha256', previousHash + canonicalText, 'hex');
}
