import { randomInt } from 'node:crypto';
import { canonicalEventJson, canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it('sorts by UTF-16 code units, so upper case comes before lower case', () => {
    expect(canonicalJson({ b: 0, a: 0, B: 0, é: 0, _: 0 })).toBe('{"B":0,"_":0,"a":0,"b":0,"é":0}');
  });

  it('sorts index-like keys as text too, not in the numeric order objects keep them in', () => {
    expect(canonicalJson({ a: 0, 10: 0, 9: 0, '-1': 0 })).toBe('{"-1":0,"10":0,"9":0,"a":0}');
  });

  it('omits undefined and function properties, and writes null for them inside arrays, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: 1 })).toBe('{"c":1}');
    expect(canonicalJson([undefined, () => 1, 2])).toBe('[null,null,2]');
  });

  it('escapes strings and keys as JSON does', () => {
    const nasty = 'quote " backslash \\ newline \n tab \t nul \u0000 lone surrogate \ud800 emoji 😀';
    expect(canonicalJson({ [nasty]: nasty })).toBe(`{${JSON.stringify(nasty)}:${JSON.stringify(nasty)}}`);
    expect(JSON.parse(canonicalJson({ [nasty]: nasty }))).toEqual({ [nasty]: nasty });
  });

  it('writes numbers as JSON does, with negative zero as 0', () => {
    expect(canonicalJson([0, -0, 1.5, -2e-7, 1e21, Number.MAX_SAFE_INTEGER])).toBe('[0,0,1.5,-2e-7,1e+21,9007199254740991]');
  });

  it('uses toJSON, so dates become ISO strings', () => {
    expect(canonicalJson({ at: new Date('2026-01-15T10:00:00Z') })).toBe('{"at":"2026-01-15T10:00:00.000Z"}');
    expect(canonicalJson({ gone: { toJSON: () => undefined }, kept: { toJSON: () => ({ b: 1, a: 2 }) } })).toBe('{"kept":{"a":2,"b":1}}');
  });

  it.each([NaN, Infinity, -Infinity])('refuses the non-finite number %p and says where it was', (n) => {
    expect(() => canonicalJson({ data: { amounts: [1, n] } })).toThrow(/non-finite number .* at \$\.data\.amounts\[1\]/);
  });

  it('refuses bigints instead of losing precision', () => {
    expect(() => canonicalJson({ n: 10n })).toThrow(/bigint at \$\.n/);
  });

  it('refuses a value that has no JSON text at all', () => {
    expect(() => canonicalJson(undefined)).toThrow(/top-level undefined/);
  });

  it('agrees with JSON.stringify of a key-sorted copy on random documents', () => {
    for (let i = 0; i < 300; i++) {
      const doc = randomValue(4);
      expect(canonicalJson(doc)).toBe(JSON.stringify(sortedCopy(doc)));
      expect(canonicalJson(JSON.parse(canonicalJson(doc)))).toBe(canonicalJson(doc));
    }
  });
});

function randomValue(depth: number): unknown {
  switch (randomInt(depth > 0 ? 7 : 4)) {
    case 0:
      return randomInt(-1e6, 1e6) / [1, 10, 1000][randomInt(3)];
    case 1:
      return String.fromCharCode(...Array.from({ length: randomInt(6) }, () => randomInt(0, 0x2fff)));
    case 2:
      return randomInt(2) === 0;
    case 3:
      return null;
    case 4:
      return Array.from({ length: randomInt(4) }, () => randomValue(depth - 1));
    default:
      return Object.fromEntries(Array.from({ length: randomInt(5) }, () => [randomKey(), randomValue(depth - 1)]));
  }
}

// The oracle rebuilds objects, where JavaScript would move index-like keys first: avoid those.
const randomKey = () => String.fromCharCode(...Array.from({ length: 1 + randomInt(4) }, () => randomInt(0x20, 0x17f))).replace(/^\d+$/, '$&k');

function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedCopy((value as Record<string, unknown>)[key])]),
  );
}

describe('canonicalEventJson', () => {
  const recordedAt = '2026-03-02T09:30:00.000Z';
  const usual = {
    eventId: 'e1',
    actor: { sub: 'u1', role: 'underwriter' },
    correlationId: 'c1',
    causationId: 'k1',
    comment: 'why',
    effectiveDate: '2026-03-01',
    schemaVersion: 2,
  };
  const general = (type: string, data: unknown, metadata: object) => canonicalJson({ type, data, metadata: { ...metadata, recordedAt, hash: undefined } });

  it.each<[string, Record<string, unknown>]>([
    ['the usual metadata', usual],
    ['no comment', { ...usual, comment: undefined }],
    ['a stale recordedAt and a hash, both replaced or dropped', { ...usual, recordedAt: 'old', hash: 'abc' }],
    ['strings that need escaping', { ...usual, comment: 'a "quote"\n', eventId: 'é\ud800' }],
    ['an extra key', { ...usual, commandId: 'x' }],
    ['an actor given as a string', { ...usual, actor: 'system' }],
    ['a missing causationId', { ...usual, causationId: undefined }],
    ['a negative zero version', { ...usual, schemaVersion: -0 }],
  ])('is canonicalJson of the envelope, with %s', (_, metadata) => {
    const data = { z: [1, { b: 2, a: 1 }], a: 'x' };
    expect(canonicalEventJson('Happened "now"', data, metadata, recordedAt)).toBe(general('Happened "now"', data, metadata));
  });

  it('follows the general encoder for inherited metadata fields', () => {
    const { causationId, ...own } = usual;
    const metadata = Object.assign(Object.create({ causationId }) as object, own);
    expect(canonicalEventJson('T', {}, metadata, recordedAt)).toBe(general('T', {}, metadata));
  });

  it('reports a bad value with its path from the envelope', () => {
    expect(() => canonicalEventJson('T', { amounts: [NaN] }, usual, recordedAt)).toThrow(/at \$\.data\.amounts\[0\]/);
  });
});
