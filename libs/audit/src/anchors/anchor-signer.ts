import { createHash, createHmac, Hash, timingSafeEqual } from 'node:crypto';
import { HeadSeal, StreamAnchor } from './anchor-store.port';

/**
 * MACs of anchors and seals, keyed by the JWT secret: someone holding only the database
 * files can edit rows but cannot compute a MAC that verifies. A subkey is derived first so
 * that no anchor MAC can ever double as a token signature.
 */
export class AnchorSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (!secret) throw new Error('the anchor signer needs the JWT secret');
    this.key = createHmac('sha256', secret).update('trade-credit/anchors/v1').digest();
  }

  anchorMac(anchor: Omit<StreamAnchor, 'mac'>): string {
    // JSON arrays keep the fields apart whatever characters a stream name holds.
    return this.mac(JSON.stringify(['anchor', anchor.stream, anchor.revision, anchor.hash, anchor.position]));
  }

  sealSignature(seal: Omit<HeadSeal, 'signature'>): string {
    return this.mac(JSON.stringify(['seal', seal.sealedAt, seal.position, seal.streams, seal.events, seal.digest]));
  }

  verifyAnchor(anchor: StreamAnchor): boolean {
    return sameHex(anchor.mac, this.anchorMac(anchor));
  }

  verifySeal(seal: HeadSeal): boolean {
    return sameHex(seal.signature, this.sealSignature(seal));
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('hex');
  }
}

function sameHex(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** SHA-256 over every head, fed in the anchors store's stream order. */
export class HeadDigest {
  streams = 0;
  events = 0;
  private readonly hash: Hash = createHash('sha256');

  add(stream: string, revision: number, hash: string): void {
    this.streams++;
    this.events += revision + 1;
    this.hash.update(JSON.stringify([stream, revision, hash]) + '\n');
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
