import { Position, StoredEvent } from '@tc/eventstore';
import { ReadStore, ViewDocument, WriteOp } from '@tc/readstore';
import { Projection, ProjectionTx } from './projection';

interface Entry {
  /** undefined: deleted, or absent from the store. */
  readonly doc: ViewDocument | undefined;
  /** The event that last wrote it (in this batch or in the store). */
  readonly position: Position | undefined;
}

/**
 * The writes of the events applied since the last commit, one final state per document.
 *
 * A document read from the store remembers the position it was written at. A put from an
 * event at or before that position is dropped: it can only happen when a batch that was
 * partly written (MongoDB without transactions) is replayed, and the stored document
 * already holds that event. Without this, the replayed event would be applied on top of
 * its own effect and the error would carry into the next, accepted write.
 */
export class PendingBatch {
  private entries = new Map<string, Map<string, Entry>>();
  /** Documents known (read or written), over every view, each view's oldest first. */
  private size = 0;
  /** The ids written since the last commit, per view. */
  private dirty = new Map<string, Set<string>>();
  /** Events applied since the last commit. */
  events = 0;

  constructor(
    private readonly projection: Projection,
    private readonly generation: number,
    private readonly readStore: ReadStore,
    private readonly comparePositions: (a: Position, b: Position) => number,
    /** Documents kept known across commits (see `committed`). */
    private readonly keep = 0,
  ) {}

  async apply(event: StoredEvent): Promise<void> {
    const tx: ProjectionTx = {
      get: async <D extends ViewDocument>(view: string, id: string) => (await this.entry(view, id)).doc as D | undefined,
      put: (view, id, doc) => this.write(view, id, doc, event.position),
      delete: (view, id) => this.write(view, id, undefined, event.position),
    };
    await this.projection.apply(event, tx);
    this.events++;
  }

  ops(): WriteOp[] {
    const ops: WriteOp[] = [];
    for (const [view, ids] of this.dirty) {
      const documents = this.entries.get(view) as Map<string, Entry>;
      for (const id of ids) {
        const { doc, position } = documents.get(id) as Entry;
        if (position === undefined) continue;
        const target = { view, generation: this.generation, position };
        ops.push(doc === undefined ? { ...target, delete: id } : { ...target, put: { id, doc } });
      }
    }
    return ops;
  }

  /** Forgets everything, committed or not: after a failure, the store is the truth again. */
  clear(): void {
    this.entries = new Map();
    this.dirty = new Map();
    this.size = 0;
    this.events = 0;
  }

  /**
   * After a commit: the documents stay known as written, so the next events of the same
   * documents need not read them back (one writer per generation: nobody else changes them).
   * Beyond `keep` documents, the least recently written are forgotten.
   */
  committed(): void {
    this.events = 0;
    this.dirty = new Map();
    for (const documents of this.entries.values()) {
      if (this.size <= this.keep) break;
      for (const id of documents.keys()) {
        if (this.size <= this.keep) break;
        documents.delete(id);
        this.size--;
      }
    }
  }

  private async entry(view: string, id: string): Promise<Entry> {
    const documents = this.documents(view);
    const known = documents.get(id);
    if (known) return known;
    const stored = await this.readStore.getVersioned(view, id, this.generation);
    const loaded: Entry = { doc: stored?.doc, position: stored?.position };
    // Another read of the same id may have landed while this one awaited.
    const entry = documents.get(id);
    if (entry) return entry;
    documents.set(id, loaded);
    this.size++;
    return loaded;
  }

  private write(view: string, id: string, doc: ViewDocument | undefined, position: Position): void {
    const documents = this.documents(view);
    const known = documents.get(id);
    if (known?.position !== undefined && this.comparePositions(known.position, position) >= 0) return;
    // Moved to the newest end: the documents written least recently are forgotten first.
    if (known) documents.delete(id);
    else this.size++;
    documents.set(id, { doc, position });
    let ids = this.dirty.get(view);
    if (!ids) this.dirty.set(view, (ids = new Set()));
    ids.add(id);
  }

  private documents(view: string): Map<string, Entry> {
    let documents = this.entries.get(view);
    if (!documents) {
      if (!this.projection.views.some((v) => v.name === view)) throw new Error(`projection ${this.projection.name} writes view ${view}, which it does not declare`);
      this.entries.set(view, (documents = new Map()));
    }
    return documents;
  }
}
