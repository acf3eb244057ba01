/**
 * The read-store port: views are collections of JSON documents keyed by id, written only by
 * the projector and read by query handlers. Two adapters implement it (embedded SQLite,
 * MongoDB) and both pass the one contract suite in `testing/readstore.contract.ts`.
 *
 * - A view is declared by a `ViewDefinition`; only its declared fields (and `id`) can be
 *   filtered, sorted or summed on, so every query an analyst can trigger runs on an index.
 * - Views are stored per generation (`<view>__g<N>`). Reads always go to the active
 *   generation; the projector builds a new one beside it and switches with `activate`.
 * - Positions are the event store's opaque strings. Adapters order them with a sort key
 *   (`sortablePosition` unless configured): that is how a stale write is recognised.
 */
export const READ_STORE = Symbol('ReadStore');

/** An event-store position, kept verbatim. */
export type LogPosition = string;

/** A view document: plain JSON, no keys starting with `$` or containing `.` (MongoDB stores it as is). */
export type ViewDocument = Record<string, unknown>;

/** `date` holds ISO 8601 text (`2026-03-01`, or an instant) and compares as text: keep one format per field. */
export type FieldType = 'string' | 'number' | 'date' | 'boolean';
export type FieldValue = string | number | boolean;

export interface ViewDefinition {
  /** Lower camel case or snake case letters and digits; no `__` (it separates the generation). */
  readonly name: string;
  /**
   * Fields queries may filter, sort, group or sum on: a path into the document (`terms.days`)
   * and its type. Each gets an index ending in `id`, which keyset paging needs. A document
   * whose value has another type is refused on write; a missing value reads as null.
   */
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Indexes over several fields, for filters that combine them: equality fields first, then the range or sort field. */
  readonly compound?: readonly (readonly string[])[];
}

/**
 * A condition on one field: a value (or null) means equality; otherwise an object of
 * operators, all of which must hold. Values must have the field's declared type.
 */
export type Condition =
  | FieldValue
  | null
  | {
      readonly eq?: FieldValue | null;
      readonly in?: readonly FieldValue[];
      readonly gt?: FieldValue;
      readonly gte?: FieldValue;
      readonly lt?: FieldValue;
      readonly lte?: FieldValue;
    };

/** Field (declared, or `id`) → condition; all must hold. Built by server code, never taken raw from a client. */
export type Where = Readonly<Record<string, Condition>>;

export interface Sort {
  readonly field: string;
  readonly direction?: 'asc' | 'desc';
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export interface Query {
  readonly where?: Where;
  /** Default: by `id` ascending. Ties on the field are broken by `id` in the same direction. */
  readonly sort?: Sort;
  /** 1..500, default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page of the same sort: keyset paging, stable under concurrent writes. */
  readonly cursor?: string;
}

export interface Page<D = ViewDocument> {
  readonly items: D[];
  /** Present when there may be more items after this page. */
  readonly nextCursor?: string;
}

export interface SumRow {
  /** The group's value (null groups missing values); absent without `groupBy`. */
  readonly group?: FieldValue | null;
  readonly count: number;
  /** Sum per requested field; missing values count as 0. */
  readonly sums: Readonly<Record<string, number>>;
}

interface OpTarget {
  readonly view: string;
  /** Default: the active generation (an error when none is active). The projector always names one. */
  readonly generation?: number;
  /** The event this write comes from. It is applied only if the stored document is older. */
  readonly position: LogPosition;
}
export type PutOp = OpTarget & { readonly put: { readonly id: string; readonly doc: ViewDocument } };
export type DeleteOp = OpTarget & { readonly delete: string };
export type WriteOp = PutOp | DeleteOp;

export interface Checkpoint {
  /** A key chosen by the projector (it uses `<projection>#g<generation>`). */
  readonly projection: string;
  /** Everything up to here is in the views; undefined when nothing was read yet. Only moves forward. */
  readonly position?: LogPosition;
  /** The version of the projection's code that wrote it. */
  readonly version: number;
}

/**
 * Written as one unit: SQLite in one transaction; MongoDB in a transaction on a replica set.
 * Without transactions (a standalone MongoDB) a crash can leave part of a batch written; then
 * the per-document position guard makes the replay from the older checkpoint converge.
 */
export interface Batch {
  readonly ops: readonly WriteOp[];
  readonly checkpoints: readonly Checkpoint[];
}

/** `stale`: every checkpoint of the batch was already at or past its position, so nothing was written. */
export type CommitResult = 'applied' | 'stale';

/** A document with the position it was last written at; `doc` undefined is a delete still remembered (a tombstone). */
export interface VersionedDocument<D = ViewDocument> {
  readonly doc: D | undefined;
  readonly position: LogPosition;
}

export interface GenerationRef {
  readonly view: string;
  readonly generation: number;
}

export interface ViewGenerations {
  readonly view: string;
  readonly active?: number;
  /** The highest number ever created: numbers are never reused, so a dropped generation's checkpoint cannot pass for a new one's. */
  readonly lastCreated: number;
  readonly generations: readonly { readonly generation: number; readonly definition: ViewDefinition }[];
}

export interface ReadStore {
  // Queries: always on the active generation. A view with generations but none active reads as
  // empty; a view never created, an undeclared field or a mistyped value throws ReadStoreQueryError.
  get<D = ViewDocument>(view: string, id: string): Promise<D | undefined>;
  /** The documents found, by id; missing ids are absent from the map. */
  getMany<D = ViewDocument>(view: string, ids: readonly string[]): Promise<Map<string, D>>;
  find<D = ViewDocument>(view: string, query?: Query): Promise<Page<D>>;
  count(view: string, where?: Where): Promise<number>;
  /** Counts and sums of `number` fields, per value of `groupBy` (ordered by it, nulls first) or as one row. */
  sum(view: string, where: Where | undefined, fields: readonly string[], groupBy?: string): Promise<SumRow[]>;

  // Writes, for the projector.
  commit(batch: Batch): Promise<CommitResult>;
  checkpoint(projection: string): Promise<Checkpoint | undefined>;
  /** One document of a given generation with its position, tombstones included: what a projection reads before it writes. */
  getVersioned<D = ViewDocument>(view: string, id: string, generation: number): Promise<VersionedDocument<D> | undefined>;

  // Generations, for blue/green rebuilds.
  /**
   * Creates storage for a new generation: `generation` if given (it must exceed every number
   * used), else the next. Its query indexes may be left out until `buildIndexes` or `activate`:
   * a rebuild writes faster into bare storage and builds each index once, at the end.
   */
  createGeneration(definition: ViewDefinition, generation?: number): Promise<number>;
  /** Builds whatever query indexes these generations still lack (idempotent); `activate` builds any still missing. */
  buildIndexes(targets: readonly GenerationRef[]): Promise<void>;
  generations(view: string): Promise<ViewGenerations>;
  /** Switches reads of every listed view to its generation, all at once. */
  activate(targets: readonly GenerationRef[]): Promise<void>;
  /** Deletes an inactive generation's storage; refuses the active one. */
  dropGeneration(view: string, generation: number): Promise<void>;

  close(): Promise<void>;
}

export type ReadStoreErrorCode = 'UNKNOWN_VIEW' | 'UNKNOWN_FIELD' | 'INVALID_QUERY' | 'INVALID_VALUE' | 'INVALID_CURSOR' | 'INVALID_DEFINITION';

/**
 * A query or write the store refuses: a programming error (unknown field, wrong type), except
 * `INVALID_CURSOR`, which can come from a client replaying a cursor, and maps to a 400.
 */
export class ReadStoreQueryError extends Error {
  constructor(
    readonly code: ReadStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReadStoreQueryError';
  }
}
