/**
 * Canonical JSON: the value model of `JSON.stringify` (own enumerable properties, `toJSON`,
 * `undefined`/function properties omitted, `null` in their place inside arrays) with keys
 * sorted by UTF-16 code units at every depth and no whitespace. Non-finite numbers and
 * bigints are refused rather than silently turned into `null`, so the text a hash covers
 * always parses back to the same value.
 *
 * Hand-written because it runs once per appended event; strings and numbers are left to
 * the engine's own encoder.
 */
export function canonicalJson(value: unknown): string {
  try {
    const out: string[] = [];
    if (!encode(value, out)) throw new CanonicalJsonError(`cannot encode a top-level ${typeof value}`);
    return out.join('');
  } catch (error) {
    if (error instanceof CanonicalJsonError) error.message += ` at $${error.path.join('')}`;
    throw error;
  }
}

const EVENT_METADATA_KEYS = new Set(['actor', 'causationId', 'comment', 'correlationId', 'effectiveDate', 'eventId', 'hash', 'recordedAt', 'schemaVersion']);

/**
 * The text an event's hash covers: `canonicalJson({ type, data, metadata })` with
 * `metadata.recordedAt` set and `metadata.hash` left out. The envelope and the usual
 * metadata fields are written in their known sorted order, which halves the cost of an
 * append's encoding; anything unusual falls back to the general encoder.
 */
export function canonicalEventJson(type: string, data: unknown, metadata: object, recordedAt: string): string {
  const m = metadata as Readonly<Record<string, unknown>>;
  const usual =
    typeof type === 'string' &&
    typeof data === 'object' &&
    typeof m.actor === 'object' &&
    typeof m.causationId === 'string' &&
    typeof m.correlationId === 'string' &&
    typeof m.effectiveDate === 'string' &&
    typeof m.eventId === 'string' &&
    (m.comment === undefined || typeof m.comment === 'string') &&
    Number.isFinite(m.schemaVersion) &&
    typeof m.toJSON !== 'function' &&
    ownKeysAreUsual(m);
  const general = () => canonicalJson({ type, data, metadata: { ...m, recordedAt, hash: undefined } });
  if (!usual) return general();
  try {
    return (
      '{"data":' + canonicalJson(data) +
      ',"metadata":{"actor":' + canonicalJson(m.actor) +
      ',"causationId":' + quote(m.causationId as string) +
      (m.comment === undefined ? '' : ',"comment":' + quote(m.comment as string)) +
      ',"correlationId":' + quote(m.correlationId as string) +
      ',"effectiveDate":' + quote(m.effectiveDate as string) +
      ',"eventId":' + quote(m.eventId as string) +
      ',"recordedAt":' + quote(recordedAt) +
      ',"schemaVersion":' + m.schemaVersion +
      '},"type":' + quote(type) + '}'
    );
  } catch {
    return general(); // throws again, with the error's path from the envelope's root
  }
}

/** Only known keys, and the ones read above are own properties (a spread copy would drop inherited ones). */
function ownKeysAreUsual(metadata: Readonly<Record<string, unknown>>): boolean {
  let read = 0;
  for (const key of Object.keys(metadata)) {
    if (!EVENT_METADATA_KEYS.has(key)) return false;
    if (key !== 'hash' && key !== 'recordedAt' && metadata[key] !== undefined) read++;
  }
  return read === (metadata.comment === undefined ? 6 : 7);
}

export class CanonicalJsonError extends TypeError {
  /** Filled in while unwinding, so that the happy path never builds paths. */
  readonly path: string[] = [];
  constructor(message: string) {
    super(`canonical JSON: ${message}`);
    this.name = 'CanonicalJsonError';
  }
}

// Characters JSON.stringify would escape: controls, quote, backslash, and surrogates (lone ones become \u escapes).
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

const quote = (text: string) => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"');

/** Event payloads reuse a small vocabulary of keys; bounded so that data keyed by ids cannot grow it forever. */
const quotedKeys = new Map<string, string>();
function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ':';
    if (quotedKeys.size < 2_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * Pushes the value's text in pieces (one join at the end yields a flat string, which hashing
 * and SQLite need anyway); false when it has no JSON form, so its property is omitted.
 */
function encode(value: unknown, out: string[]): boolean {
  switch (typeof value) {
    case 'string':
      out.push(quote(value));
      return true;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`non-finite number ${value}`);
      out.push('' + value);
      return true;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return true;
    case 'object':
      if (value === null) out.push('null');
      else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return encode((value as { toJSON(): unknown }).toJSON(), out);
      else if (Array.isArray(value)) encodeArray(value, out);
      else encodeObject(value as Record<string, unknown>, out);
      return true;
    case 'bigint':
      throw new CanonicalJsonError('bigint');
    default:
      return false;
  }
}

function encodeArray(items: readonly unknown[], out: string[]): void {
  out.push('[');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.push(',');
    try {
      if (!encode(items[i], out)) out.push('null');
    } catch (error) {
      if (error instanceof CanonicalJsonError) error.path.unshift(`[${i}]`);
      throw error;
    }
  }
  out.push(']');
}

function encodeObject(object: Record<string, unknown>, out: string[]): void {
  const keys = Object.keys(object).sort();
  out.push('{');
  let separator = '';
  for (const key of keys) {
    const mark = out.length;
    out.push(separator + quoteKey(key));
    try {
      if (encode(object[key], out)) separator = ',';
      else out.length = mark;
    } catch (error) {
      if (error instanceof CanonicalJsonError) error.path.unshift(`.${key}`);
      throw error;
    }
  }
  out.push('}');
}
