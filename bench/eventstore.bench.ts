import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AppendResult, NewEvent, SqliteEventStore } from '@tc/eventstore';
import { MinimalSqliteLog } from './eventstore.baseline';
import { Bench, Figure, median, withTempDir } from './lib/bench';

/** The calls the workloads make, which both the adapter and the minimal table answer. */
interface Log {
  append(stream: string, events: readonly NewEvent[], expected: number | 'no_stream'): Promise<AppendResult>;
  readStream(stream: string): Promise<unknown[]>;
  readAll(options: { after?: string; limit: number }): Promise<{ position: string }[]>;
  close(): Promise<void>;
}

const BATCH = 8;
const PAGE = 1_000;
const subjects = {
  adapter: (file: string): Log => new SqliteEventStore({ file }),
  baseline: (file: string): Log => new MinimalSqliteLog(file),
};
type Subject = keyof typeof subjects;

const newEvent = (stream: number, revision: number): NewEvent => ({
  type: 'CoverRequested',
  data: {
    policyId: randomUUID(),
    debtorId: randomUUID(),
    amountMinor: 1_000_000 + stream * 17 + revision,
    currency: 'EUR',
    requestedFrom: '2026-04-01',
    reason: `increase for order ${stream}/${revision}`,
  },
  metadata: {
    eventId: randomUUID(),
    actor: { sub: `underwriter-${stream % 40}`, role: 'underwriter' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    effectiveDate: '2026-03-15',
    schemaVersion: 1,
  },
});

/**
 * `operations` calls of `step`; `items` is what the figure counts (events or loads). Each
 * subject keeps its own `state` (a readAll cursor) across the interleaved chunks.
 */
interface Workload {
  readonly metric: string;
  readonly unit: string;
  readonly operations: number;
  readonly items: number;
  step(log: Log, operation: number, state: { after?: string }): Promise<void>;
}

const workloads = (events: NewEvent[][], perStream: number): Workload[] => {
  const streams = events.length;
  const name = (s: number) => `coverrequest-${s}`;
  const total = streams * perStream;
  return [
    {
      metric: `single-event appends (${streams.toLocaleString('en-US')} streams × ${perStream}, round-robin)`,
      unit: 'appends/s',
      operations: total,
      items: total,
      step: async (log, op) => {
        const [revision, s] = [Math.floor(op / streams), op % streams];
        await log.append(name(s), [events[s][revision]], revision === 0 ? 'no_stream' : revision - 1);
      },
    },
    {
      metric: `batched appends (${BATCH} events per call)`,
      unit: 'events/s',
      operations: Math.ceil(perStream / BATCH) * streams,
      items: total,
      step: async (log, op) => {
        const [from, s] = [Math.floor(op / streams) * BATCH, op % streams];
        await log.append(name(s), events[s].slice(from, from + BATCH), from === 0 ? 'no_stream' : from - 1);
      },
    },
    {
      metric: 'full-stream loads (readStream of every stream)',
      unit: 'loads/s',
      operations: streams,
      items: streams,
      step: async (log, s) => {
        if ((await log.readStream(name(s))).length !== perStream) throw new Error(`short stream ${name(s)}`);
      },
    },
    {
      metric: `readAll (${PAGE.toLocaleString('en-US')} per page, whole log)`,
      unit: 'events/s',
      operations: Math.ceil(total / PAGE),
      items: total,
      step: async (log, _, state) => {
        const page = await log.readAll({ after: state.after, limit: PAGE });
        if (page.length === 0) throw new Error('readAll ended early');
        state.after = page[page.length - 1].position;
      },
    },
  ];
};

/**
 * Runs the workload on both logs in alternating chunks, so that a burst of load from
 * elsewhere on the machine hits both sides alike; returns items per second for each.
 */
async function race(workload: Workload, logs: Record<Subject, Log>): Promise<Record<Subject, number>> {
  const chunk = Math.max(1, Math.ceil(workload.operations / 40));
  const elapsed = { adapter: 0n, baseline: 0n };
  const states = { adapter: {}, baseline: {} };
  for (let from = 0, turn = 0; from < workload.operations; from += chunk, turn++) {
    const to = Math.min(from + chunk, workload.operations);
    for (const subject of turn % 2 ? (['baseline', 'adapter'] as const) : (['adapter', 'baseline'] as const)) {
      const start = process.hrtime.bigint();
      for (let op = from; op < to; op++) await workload.step(logs[subject], op, states[subject]);
      elapsed[subject] += process.hrtime.bigint() - start;
    }
  }
  const rate = (ns: bigint) => workload.items / (Number(ns) / 1e9);
  return { adapter: rate(elapsed.adapter), baseline: rate(elapsed.baseline) };
}

/**
 * The SQLite adapter against a minimal hand-written table, on temporary files in the same run.
 * Every repetition starts from empty files for both; the figures are medians.
 */
export const bench: Bench = {
  description: 'SqliteEventStore vs a minimal better-sqlite3 table',
  async run({ flags, progress }) {
    const streams = flags.number('streams', 5_000);
    const perStream = flags.number('events', 8);
    const repeat = flags.number('repeat', 3);
    const rates: Record<Subject, number>[][] = [];
    let plan: Workload[] = [];

    for (let round = 0; round < repeat; round++) {
      progress(`round ${round + 1}/${repeat}`);
      const events = Array.from({ length: streams }, (_, s) => Array.from({ length: perStream }, (_, r) => newEvent(s, r)));
      plan = workloads(events, perStream);
      await withTempDir(async (dir) => {
        const open = (file: string) => ({ adapter: subjects.adapter(join(dir, `adapter-${file}`)), baseline: subjects.baseline(join(dir, `baseline-${file}`)) });
        // Single appends get files of their own; the batched files are then read back.
        const singles = open('single.sqlite');
        const measured = [await race(plan[0], singles)];
        const logs = open('batched.sqlite');
        for (const workload of plan.slice(1)) measured.push(await race(workload, logs));
        await Promise.all([...Object.values(singles), ...Object.values(logs)].map((log) => log.close()));
        measured.forEach((rate, w) => (rates[w] ??= []).push(rate));
      });
    }

    return plan.map(({ metric, unit }, w): Figure => {
      const value = median(rates[w].map((rate) => rate.adapter));
      const baseline = median(rates[w].map((rate) => rate.baseline));
      return { metric, value, unit, baseline, ratio: value / baseline };
    });
  },
};
