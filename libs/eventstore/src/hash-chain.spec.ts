import { createHash } from 'node:crypto';
import { GENESIS_HASH, chainHash } from './hash-chain';

describe('chainHash', () => {
  it('starts every stream from 64 zeros', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('is the SHA-256 hex of the previous hash followed by the canonical text (UTF-8)', () => {
    const text = '{"data":{"name":"Müller"},"type":"DebtorRegistered"}';
    const expected = createHash('sha256').update(GENESIS_HASH + text, 'utf8').digest('hex');
    expect(chainHash(GENESIS_HASH, text)).toBe(expected);
  });

  it('changes when the previous hash changes, so every event depends on all before it', () => {
    const first = chainHash(GENESIS_HASH, '{"a":1}');
    expect(chainHash(first, '{"b":2}')).not.toBe(chainHash(GENESIS_HASH, '{"b":2}'));
  });
});
