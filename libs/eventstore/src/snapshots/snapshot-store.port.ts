/**
 * Snapshots of long streams (credit limits): the state folded up to a revision, so a load
 * reads the snapshot plus the events after it. A snapshot is a cache, never a source of
 * truth: it is tied to the hash of the event it was taken at, and any snapshot that does
 * not match the stream (or an older `version` of the state's shape) is ignored.
 */
export const SNAPSHOT_STORE = Symbol('SnapshotStore');

export interface Snapshot<State = unknown> {
  readonly stream: string;
  /** Revision of the last event folded into `state`. */
  readonly revision: number;
  /** Hash of that event: a snapshot of another history is never used. */
  readonly hash: string;
  /** Version of the state's shape. */
  readonly version: string;
  readonly state: State;
}

export interface SnapshotStore {
  load<State>(stream: string, version: string): Promise<Snapshot<State> | undefined>;
  save(snapshot: Snapshot): Promise<void>;
  close(): Promise<void>;
}
