import { isCalendarDate } from '@tc/kernel';
import { CliCommand, CliIo, EXIT_FAILURE, EXIT_OK, UsageError } from '../cli-command';
import { parseFlags } from '../flags';
import { MIN_DEBTORS, MIN_POLICIES, SeedReport, StoreNotEmptyError, formatSeconds, seedDataDir } from '../seed';

const STATUSES = ['COVER_REQUESTED', 'COVER_GRANTED', 'COVER_REFUSED', 'SHIPPED', 'OVERDUE', 'IN_COLLECTION', 'CLAIM_FILED', 'CLAIM_APPROVED', 'CLAIM_REJECTED', 'INDEMNIFIED', 'SETTLED', 'CLOSED'];
const MAX_RECEIVABLES = 5_000_000;

/**
 * `seed --receivables N`: a year of business up to today, written through the API's own
 * routes into an empty DATA_DIR — policies of every product, debtors with ratings, named
 * limits, receivables in every status — the same for the same `--seed`.
 */
export const seedCommand: CliCommand = {
  name: 'seed',
  summary: 'write a realistic demo portfolio (a year of business) through the API into an empty DATA_DIR',
  usage: '--receivables <N> [--policies <P>] [--debtors <D>] [--seed <S>] [--today <YYYY-MM-DD>] [--concurrency <C>]',
  async run(args, io) {
    const flags = parseFlags(args, ['receivables', 'policies', 'debtors', 'seed', 'today', 'concurrency']);
    if (flags.receivables === undefined) throw new UsageError('--receivables is required (2000 makes a demo in a few seconds)');
    const receivables = count('receivables', flags.receivables, 1, MAX_RECEIVABLES);
    const policies = flags.policies === undefined ? undefined : count('policies', flags.policies, MIN_POLICIES, 10_000);
    const debtors = flags.debtors === undefined ? undefined : count('debtors', flags.debtors, MIN_DEBTORS, 1_000_000);
    const seed = flags.seed === undefined ? 1 : count('seed', flags.seed, 0, 2 ** 31 - 1);
    const concurrency = flags.concurrency === undefined ? undefined : count('concurrency', flags.concurrency, 1, 256);
    if (flags.today !== undefined && !isCalendarDate(flags.today)) throw new UsageError('--today must be a date (YYYY-MM-DD)');

    io.err(`seeding ${receivables.toLocaleString('en-US')} receivables (seed ${seed})…`);
    let result: Awaited<ReturnType<typeof seedDataDir>>;
    try {
      result = await seedDataDir({ env: io.env ?? process.env, receivables, policies, debtors, seed, today: flags.today, concurrency, progress: io.err });
    } catch (error) {
      if (!(error instanceof StoreNotEmptyError)) throw error;
      io.err(`${error.message} (set DATA_DIR to a new directory)`);
      return EXIT_FAILURE;
    }
    const { report } = result;
    printReport(report, io);
    return report.refusals.length === 0 ? EXIT_OK : EXIT_FAILURE;
  },
};

function count(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max.toLocaleString('en-US')} (got "${text}")`);
  return value;
}

/** The summary, on stdout: what was written, how fast, and the book by status (as the dashboard counts it, beside the plan). */
function printReport(r: SeedReport, io: CliIo): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const writing = r.seconds - r.catchUpSeconds;
  io.out(
    `seeded ${n(r.receivables)} receivables as of ${r.today} (seed ${r.seed}) in ${formatSeconds(r.seconds)}: ` +
      `${n(r.policies)} policies, ${n(r.debtors)} debtors, ${n(r.namedLimits)} named limits; ${n(r.requests)} requests, ${n(r.events)} events`,
  );
  io.out(
    `  writing ${formatSeconds(writing)} (${n(Math.round(r.receivables / Math.max(writing, 1e-3)))} receivables/s, ${n(Math.round(r.events / Math.max(writing, 1e-3)))} events/s), ` +
      `views caught up ${r.catchUpSeconds.toFixed(1)} s later; RSS ${n(r.rssMb)} MB`,
  );
  const width = Math.max(...STATUSES.map((s) => s.length));
  io.out(`  ${'status'.padEnd(width)}  ${'receivables'.padStart(11)}  ${'planned'.padStart(9)}`);
  for (const status of STATUSES) {
    const actual = r.statuses[status] ?? 0;
    const planned = r.expected[status] ?? 0;
    io.out(`  ${status.padEnd(width)}  ${n(actual).padStart(11)}  ${n(planned).padStart(9)}${actual === planned ? '' : '  ≠'}`);
  }
  for (const refusal of r.refusals) io.out(`  refused ${n(refusal.count)}× ${refusal.code}, e.g. ${refusal.example}`);
}
