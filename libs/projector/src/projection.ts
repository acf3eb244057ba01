import { EventFilter, StoredEvent } from '@tc/eventstore';
import { ViewDefinition, ViewDocument } from '@tc/readstore';

/**
 * What a projection may do while it applies one event. Reads see the projection's own
 * pending writes first, then the store; writes are collected into the batch the projector
 * commits with its checkpoint. Treat what `get` returns as read-only: put a new object.
 */
export interface ProjectionTx {
  get<D extends ViewDocument = ViewDocument>(view: string, id: string): Promise<D | undefined>;
  put(view: string, id: string, doc: ViewDocument): void;
  delete(view: string, id: string): void;
}

/**
 * A read model: pure reducers from events to documents. `apply` may read only documents
 * (nothing ambient: no clock, no I/O besides `tx`), so a rebuild from the log gives the same
 * views. To stay exact on a MongoDB without transactions, a document should be computed from
 * its own previous state and the event, not from other documents.
 */
export interface Projection {
  /** Letters, digits, `-` and `_`; it names the checkpoints. */
  readonly name: string;
  /** Bump it whenever `apply` or `views` change meaning: the next start rebuilds the views beside the old ones. */
  readonly version: number;
  /** The views it alone writes. */
  readonly views: readonly ViewDefinition[];
  /** The event types it reads (all when omitted). */
  readonly eventTypes?: readonly string[];
  /** Only streams starting with one of these (all when omitted). */
  readonly streamPrefixes?: readonly string[];
  apply(event: StoredEvent, tx: ProjectionTx): void | Promise<void>;
}

export const eventFilterOf = (projection: Projection): EventFilter => ({
  ...(projection.eventTypes ? { types: projection.eventTypes } : {}),
  ...(projection.streamPrefixes ? { streamPrefixes: projection.streamPrefixes } : {}),
});

/** The key of a projection's checkpoint for one generation of its views. */
export const checkpointKey = (projection: string, generation: number) => `${projection}#g${generation}`;

/**
 * DESIGN.md's reducer shape, `(doc | undefined, event) → doc | delete`, as an `apply`: the
 * event names one document, `reduce` returns its next state, `null` to delete it, or
 * `undefined` to leave it as it is.
 */
export function reduceDocument<D extends ViewDocument>(
  view: string,
  idOf: (event: StoredEvent) => string | undefined,
  reduce: (doc: D | undefined, event: StoredEvent) => D | null | undefined,
): Projection['apply'] {
  return async (event, tx) => {
    const id = idOf(event);
    if (id === undefined) return;
    const next = reduce(await tx.get<D>(view, id), event);
    if (next === null) tx.delete(view, id);
    else if (next !== undefined) tx.put(view, id, next);
  };
}
