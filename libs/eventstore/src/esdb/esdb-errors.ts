import { ExpectedRevision, WrongExpectedRevisionError } from '../eventstore.port';
import { EventStoreTimeoutError } from './esdb-timeout';

/**
 * The client's errors are recognised by their `type` (its `ErrorType` values), not by
 * `instanceof`: the adapter loads `@eventstore/db-client` only when a store is opened, so that
 * importing `@tc/eventstore` for the embedded store does not load gRPC.
 */
const typeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string' ? (error as { type: string }).type : undefined;

export const isStreamNotFound = (error: unknown): boolean => typeOf(error) === 'stream-not-found';
export const isStreamDeleted = (error: unknown): boolean => typeOf(error) === 'stream-deleted';
export const isWrongExpectedVersion = (error: unknown): boolean => typeOf(error) === 'wrong-expected-version';

/**
 * The port's WrongExpectedRevisionError for the client's WrongExpectedVersionError: the
 * caller's expectation as it stated it, and the revision the server reported (a bigint, or
 * 'no_stream'). Anything else is returned unchanged.
 */
export function toPortError(error: unknown, stream: string, expected: ExpectedRevision): unknown {
  if (!isWrongExpectedVersion(error)) return error;
  const actual = (error as { actualVersion?: unknown }).actualVersion;
  if (typeof actual === 'bigint') return new WrongExpectedRevisionError(stream, expected, Number(actual));
  if (actual === 'no_stream' || actual === undefined) return new WrongExpectedRevisionError(stream, expected, 'no_stream');
  return error;
}

/** A stored event the adapter cannot read as one of its own (not JSON, no hash, …): retrying cannot help. */
export class EventStoreDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreDataError';
  }
}

export class EventStoreClosedError extends Error {
  constructor() {
    super('the EventStoreDB event store is closed');
    this.name = 'EventStoreClosedError';
  }
}

/** The start-up check failed: the server is unreachable, silent, or refuses the adapter. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** The connection string cannot be used; the message never repeats it, since it may hold a password. */
export class EventStoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreConfigError';
  }
}

/** Failures that the same request will meet again: a subscription stops on these instead of resubscribing. */
const PERMANENT = new Set(['access-denied', 'invalid-argument', 'unsupported', 'stream-deleted', 'not-found', 'invalid-transaction', 'maximum-append-size-exceeded']);

/**
 * Whether a dropped subscription should resubscribe: yes for transport trouble (unavailable,
 * cancelled by the server, deadline, not leader, the adapter's own timeout, a stream that simply
 * ended, unknown gRPC errors); no for refusals and for stored data the adapter cannot read.
 */
export function isRetryableDrop(error: unknown): boolean {
  if (error instanceof EventStoreDataError || error instanceof EventStoreClosedError || error instanceof EventStoreConfigError) return false;
  if (error instanceof EventStoreTimeoutError) return true;
  const type = typeOf(error);
  return type === undefined || !PERMANENT.has(type);
}

/** One line for the start-up check, without the connection string (it may hold credentials). */
export function describeUnavailable(error: unknown, timeoutMs: number): string {
  if (error instanceof EventStoreTimeoutError) {
    return `EventStoreDB is not reachable: no answer within ${timeoutMs} ms to a read of $all (check the host and port, and that tls= in the connection string matches the server)`;
  }
  if (typeOf(error) === 'access-denied') return 'EventStoreDB refused to read $all: the connection string needs a user allowed to read $all';
  // gRPC ends its UNAVAILABLE messages with an empty "Resolution note:" when there is none.
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\.?\s*Resolution note:\s*$/, '');
  return `EventStoreDB is not reachable: ${detail}`;
}
