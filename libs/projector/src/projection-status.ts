import { EventStore, Position } from '@tc/eventstore';
import { ProjectionRunner } from './projection-runner';

export interface Lag {
  /** Events in the log after the checkpoint (head − checkpoint), counted up to a cap. */
  readonly events: number;
  /** True when the count stopped at the cap: there are at least `events`. */
  readonly eventsCapped: boolean;
  /** How long the oldest event the views do not show yet has been in the log (its recordedAt to now); 0 when caught up. */
  readonly seconds: number;
}

export type ProjectionState = 'live' | 'catching-up' | 'rebuilding' | 'failed';

export interface RebuildProgress {
  readonly projection: string;
  readonly generation: number;
  /** Events applied to the new generation so far. */
  readonly events: number;
  readonly position?: Position;
  readonly eventsPerSecond: number;
  /** Share of the log read, 0..1, when positions read as numbers (SQLite: the sequence; EventStoreDB: the commit offset). */
  readonly fraction?: number;
  readonly etaSeconds?: number;
  readonly done: boolean;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  /** The generation queries read; absent while the first one is built. */
  readonly generation?: number;
  /** What the views queries read have reached. */
  readonly checkpoint?: Position;
  readonly status: ProjectionState;
  readonly error?: string;
  readonly lag: Lag;
  readonly rebuild?: RebuildProgress;
  /** The last rebuild switched in since the process started: events applied and their rate. */
  readonly lastRebuild?: RebuildProgress;
}

/** Reads at most `cap` events to count them: the port has no cheaper count that works for every adapter. */
export async function measureLag(eventStore: EventStore, checkpoint: Position | undefined, cap: number, now: number): Promise<Lag> {
  const pending = await eventStore.readAll({ after: checkpoint, limit: cap });
  if (pending.length === 0) return { events: 0, eventsCapped: false, seconds: 0 };
  const oldest = Date.parse(pending[0].metadata.recordedAt);
  return { events: pending.length, eventsCapped: pending.length >= cap, seconds: Math.max(0, (now - oldest) / 1000) };
}

/** The first run of digits, as a number: enough to estimate how far through the log a position is. */
export const leadingNumber = (position: Position): number | undefined => {
  const digits = /\d+/.exec(position)?.[0];
  return digits === undefined ? undefined : Number(digits);
};

export function rebuildProgress(runner: ProjectionRunner, startedAt: number, now: number, positionNumber: (p: Position) => number | undefined, done: boolean): RebuildProgress {
  const seconds = Math.max((now - startedAt) / 1000, 1e-3);
  const eventsPerSecond = runner.appliedEvents / seconds;
  const at = runner.committed === undefined ? 0 : positionNumber(runner.committed);
  const end = runner.head === undefined ? 0 : positionNumber(runner.head);
  const base = { projection: runner.projection.name, generation: runner.generation, events: runner.appliedEvents, eventsPerSecond, done, ...(runner.committed === undefined ? {} : { position: runner.committed }) };
  if (done) return { ...base, fraction: 1, etaSeconds: 0 };
  if (at === undefined || end === undefined || end <= 0) return base;
  const fraction = Math.min(1, at / end);
  return { ...base, fraction, ...(fraction > 0 ? { etaSeconds: (seconds * (1 - fraction)) / fraction } : {}) };
}
