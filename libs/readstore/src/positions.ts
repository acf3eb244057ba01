import { Checkpoint, LogPosition } from './readstore.port';

/**
 * A text that sorts like the log: every run of digits is left-padded to 20 (a uint64), so
 * SQLite's `"42"` and EventStoreDB-style `"C:42/P:40"` both compare correctly as plain strings,
 * which both stores can do inside a guarded write. Positions of one store share one layout.
 */
export function sortablePosition(position: LogPosition | undefined): string {
  if (position === undefined) return '';
  return position.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(20, '0'));
}

/** True when every checkpoint of the batch is at or behind the stored one: the batch was applied already. */
export function isStaleBatch(checkpoints: readonly Checkpoint[], storedKeys: readonly (string | undefined)[], key: (p: LogPosition | undefined) => string): boolean {
  return checkpoints.length > 0 && checkpoints.every((checkpoint, i) => storedKeys[i] !== undefined && (storedKeys[i] as string) >= key(checkpoint.position));
}
