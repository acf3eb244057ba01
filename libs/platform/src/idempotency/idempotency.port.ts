export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');

/** The first successful response to a command sent with an Idempotency-Key. */
export interface IdempotencyRecord {
  /** Principal sub + method + request path: the same key from another caller or route is another request. */
  readonly scope: string;
  readonly key: string;
  /** SHA-256 (hex) of the request body's canonical JSON. */
  readonly requestHash: string;
  readonly status: number;
  /** The response headers a replay repeats (ETag, Location), lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The response body as sent (parsed JSON), or null. */
  readonly body: unknown;
  /** ISO 8601 instant, real time. */
  readonly createdAt: string;
}

export interface IdempotencyStore {
  find(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Keeps the first record of a scope and key: a later save of the same pair is ignored. */
  save(record: IdempotencyRecord): Promise<void>;
}
