import { CalendarDate, dateOf } from '@tc/kernel';
import { createLogger, loadConfig } from '@tc/platform';
import { createApi } from '../../../api/src/create-api';
import { PortfolioPlan, defaultCounts, planPortfolio } from './portfolio-plan';
import { SeedReport, seedPortfolio } from './seed-runner';

export interface SeedDataDirOptions {
  /** The environment the API would start with (DATA_DIR, JWT_SECRET…); the clock is made manual here. */
  readonly env: NodeJS.ProcessEnv;
  readonly receivables: number;
  readonly policies?: number;
  readonly debtors?: number;
  readonly seed?: number;
  /** The last day of the history; default the system clock's (UTC) today. */
  readonly today?: CalendarDate;
  readonly concurrency?: number;
  readonly progress?: (line: string) => void;
}

/**
 * Plans a portfolio and writes it into the embedded stores of `env`'s DATA_DIR through the
 * API `npm start` runs (built in-process on the manual clock, never listening on a port).
 */
export async function seedDataDir(options: SeedDataDirOptions): Promise<{ plan: PortfolioPlan; report: SeedReport }> {
  const now = new Date();
  const today = options.today ?? dateOf(now);
  const defaults = defaultCounts(options.receivables);
  const plan = planPortfolio({
    receivables: options.receivables,
    policies: options.policies ?? defaults.policies,
    debtors: options.debtors ?? defaults.debtors,
    seed: options.seed ?? 1,
    today,
  });
  const config = loadConfig({ ...options.env, CLOCK: 'manual', CLOCK_START: `${plan.days[0]}T08:00:00Z`, LOG_LEVEL: options.env.LOG_LEVEL ?? 'warn' });
  // The service's own log goes to stderr, beside the progress: stdout holds the summary alone.
  // Nobody reads the views while a day is being written: the projector commits them once a second, not every 50 ms
  // (the seed still waits for the views it needs, and a wait makes the projector commit at once).
  const app = await createApi(config, createLogger(config, { write: (line: string) => void process.stderr.write(line) }), { projector: { batch: { maxDelayMs: 1_000 } } });
  await app.init();
  try {
    // Seeding up to the real today ends on the real time, so that the API on the system clock carries straight on.
    const endInstant = options.today === undefined && now.getTime() < Date.parse(`${today}T18:00:00Z`) ? now : undefined;
    const report = await seedPortfolio(app, plan, config.jwtSecret, { concurrency: options.concurrency, endInstant, progress: options.progress });
    return { plan, report };
  } finally {
    await app.close();
  }
}
