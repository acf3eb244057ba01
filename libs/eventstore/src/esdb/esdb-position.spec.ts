import fc from 'fast-check';
import { sortablePosition } from '@tc/readstore';
import { EsdbPosition, EsdbPositionError, compareEsdbPositions, comparePositionTexts, decodePosition, encodePosition } from './esdb-position';

const UINT64_MAX = (1n << 64n) - 1n;
const half = fc.oneof(fc.bigInt({ min: 0n, max: UINT64_MAX }), fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 53n + 2n }), fc.constantFrom(0n, 1n, UINT64_MAX));
const position = fc.record({ commit: half, prepare: half });

describe('EventStoreDB position codec', () => {
  it('writes a position as EventStoreDB does, and reads it back', () => {
    expect(encodePosition({ commit: 1_234n, prepare: 1_200n })).toBe('C:1234/P:1200');
    expect(decodePosition('C:1234/P:1200')).toEqual({ commit: 1_234n, prepare: 1_200n });
    expect(encodePosition({ commit: 0n, prepare: 0n })).toBe('C:0/P:0');
  });

  it('round-trips every unsigned 64-bit pair exactly, far beyond 2^53', () => {
    fc.assert(fc.property(position, (p) => expect(decodePosition(encodePosition(p))).toEqual(p)));
    const big = { commit: 2n ** 53n + 1n, prepare: UINT64_MAX };
    expect(encodePosition(big)).toBe('C:9007199254740993/P:18446744073709551615');
    expect(decodePosition(encodePosition(big))).toEqual(big);
  });

  it('keeps the order of positions (commit first, then prepare) when comparing their texts', () => {
    fc.assert(
      fc.property(position, position, (a, b) => {
        expect(comparePositionTexts(encodePosition(a), encodePosition(b))).toBe(compareEsdbPositions(a, b));
      }),
    );
    // Positions a double cannot tell apart: 2^53 and 2^53 + 1.
    const a = encodePosition({ commit: 2n ** 53n, prepare: 5n });
    const b = encodePosition({ commit: 2n ** 53n + 1n, prepare: 0n });
    expect(comparePositionTexts(a, b)).toBe(-1);
    expect(comparePositionTexts(b, a)).toBe(1);
    expect(comparePositionTexts(encodePosition({ commit: 7n, prepare: 2n }), encodePosition({ commit: 7n, prepare: 3n }))).toBe(-1);
    expect(comparePositionTexts(a, a)).toBe(0);
  });

  it('sorts like the log as plain text once padded (the read store keys MongoDB writes on it)', () => {
    fc.assert(
      fc.property(position, position, (a, b) => {
        const [x, y] = [sortablePosition(encodePosition(a)), sortablePosition(encodePosition(b))];
        expect(Math.sign(x < y ? -1 : x > y ? 1 : 0)).toBe(compareEsdbPositions(a, b));
      }),
    );
  });

  it.each([
    ['', 'empty'],
    ['42', 'a SQLite position'],
    ['C:1/P:', 'no prepare'],
    ['C:01/P:1', 'a leading zero'],
    ['C:-1/P:-1', 'negative'],
    ['C:1/P:1 ', 'trailing space'],
    ['c:1/p:1', 'lower case'],
    ['C:18446744073709551616/P:0', 'beyond 64 bits'],
    ['C:1e3/P:0', 'an exponent'],
  ])('refuses %j (%s) with a clear error', (text) => {
    expect(() => decodePosition(text)).toThrow(EsdbPositionError);
    expect(() => decodePosition(text)).toThrow(/not an EventStoreDB event store position/);
  });

  it('refuses to write what is not a position', () => {
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(EsdbPositionError);
    expect(() => encodePosition({ commit: UINT64_MAX + 1n, prepare: 0n })).toThrow(EsdbPositionError);
    expect(() => encodePosition({ commit: 1, prepare: 1 } as unknown as EsdbPosition)).toThrow(EsdbPositionError);
  });
});
