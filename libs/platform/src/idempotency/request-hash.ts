import { createHash } from 'node:crypto';

/** SHA-256 of the body with keys sorted, so a client that re-serialises in another order is not refused. */
export function requestHashOf(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(sortKeys(body ?? null)))
    .digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(source).sort().map((key) => [key, sortKeys(source[key])]));
}
