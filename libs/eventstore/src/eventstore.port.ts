import { CalendarDate } from '@tc/kernel';

/**
 * The event store port. Two adapters implement it (embedded SQLite, EventStoreDB) and both
 * pass the one contract suite in `testing/eventstore.contract.ts`.
 *
 * - Streams are `<aggregate>-<id>`; revisions start at 0.
 * - Positions order the global log. They are opaque strings to callers; compare them only
 *   with `comparePositions` of the adapter that issued them.
 */
export const EVENT_STORE = Symbol('EventStore');

export type Position = string;

/** `no_stream`: the stream must not exist; `any`: no check (never for aggregate streams); n: the last revision must be n. */
export type ExpectedRevision = number | 'no_stream' | 'any';

export interface Actor {
  readonly sub: string;
  readonly role: string;
}

/** What the caller states about an event; the store adds `recordedAt` and `hash`. */
export interface EventMetadataInput {
  /** uuid; derived deterministically by reactions so a retried append is deduplicated. */
  readonly eventId: string;
  readonly actor: Actor;
  readonly correlationId: string;
  /** The command or event that caused this one. */
  readonly causationId: string;
  readonly comment?: string;
  /** The business date of the fact. */
  readonly effectiveDate: CalendarDate;
  readonly schemaVersion: number;
}

export interface EventMetadata extends EventMetadataInput {
  /** ISO 8601 instant of the append, from the store's clock. */
  readonly recordedAt: string;
  /** SHA-256 (hex) over the previous event's hash in the stream (64 zeros for the first) and this event's canonical JSON. */
  readonly hash: string;
}

export interface NewEvent<Data = Record<string, unknown>> {
  readonly type: string;
  readonly data: Data;
  readonly metadata: EventMetadataInput;
}

export interface StoredEvent<Data = Record<string, unknown>> {
  readonly stream: string;
  readonly revision: number;
  readonly position: Position;
  readonly type: string;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly revision: number;
  /** Position of the last appended event. */
  readonly position: Position;
}

export interface EventFilter {
  /** Only streams whose name starts with one of these. */
  readonly streamPrefixes?: readonly string[];
  /** Only these event types. */
  readonly types?: readonly string[];
}

export interface ReadStreamOptions {
  readonly fromRevision?: number;
  /** Inclusive. */
  readonly toRevision?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the start. */
  readonly after?: Position;
  readonly limit?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts with the first event after it. */
  readonly after?: Position;
  readonly filter?: EventFilter;
  /** Called once per event, in log order; the next event waits for the returned promise. */
  readonly handler: (event: StoredEvent) => void | Promise<void>;
  /** Called when a handler throws or the store fails; the subscription then stops. */
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves once the subscription has delivered everything stored when it started. */
  readonly caughtUp: Promise<void>;
  /** The position of the last delivered event. */
  readonly position: Position | undefined;
  stop(): Promise<void>;
}

export interface VerifyReport {
  readonly stream: string;
  readonly intact: boolean;
  /** Events checked. */
  readonly events: number;
  readonly brokenAtRevision?: number;
  readonly reason?: string;
}

export interface VerifyAllReport {
  readonly streams: number;
  readonly events: number;
  /** Every stream that is not intact, each with its first broken revision. */
  readonly broken: readonly VerifyReport[];
}

export interface EventStore {
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; an unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** One page of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Catches up from `after`, then delivers live events, each exactly once, in order. */
  subscribe(options: SubscribeOptions): Subscription;
  /** Position of the last event in the log, undefined when the log is empty. */
  headPosition(): Promise<Position | undefined>;
  comparePositions(a: Position, b: Position): number;
  /** Recomputes the hash chain of a stream and checks it against its recorded head. */
  verify(stream: string): Promise<VerifyReport>;
  /**
   * Verifies every stream without holding the log in memory (for `cli verify`); `onProgress`
   * receives each stream's report as it is checked, in no particular order.
   */
  verifyAll(onProgress?: (report: VerifyReport) => void): Promise<VerifyAllReport>;
  close(): Promise<void>;
}

/** Raised by every adapter when the expected revision does not match. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Turns an event stored with an older `schemaVersion` into the next version's shape, on read only. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(event: { type: string; data: Record<string, unknown> }): { type: string; data: Record<string, unknown> };
}
