import { NestFactory } from '@nestjs/core';
import { parseInstant } from '@tc/kernel';
import { createLogger, loadConfig } from '@tc/platform';
import { DunningScheduler } from '@tc/receivables';
import { AppModule } from '../../../api/src/app.module';
import { CliCommand, EXIT_OK, UsageError } from '../cli-command';
import { parseFlags } from '../flags';

const PROGRESS_EVERY_MS = 1_000;

/**
 * `ops tick --now <date>`: runs every timer due as of a date (OVERDUE, reminders, voiding,
 * hand-over, end of waiting period, cover lapse) on the API's own stores, with the same
 * scheduler the API runs. Use it while the API is stopped (cron, catching up after downtime,
 * simulations); a running API ticks by itself.
 */
export const opsCommand: CliCommand = {
  name: 'ops',
  summary: 'operations: `tick --now <date>` runs every timer due as of a date',
  usage: 'tick --now <YYYY-MM-DD | ISO instant>',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'tick') throw new UsageError(sub ? `unknown ops command: ${sub}` : 'which ops command?');
    const { now } = parseFlags(rest, ['now']);
    const instant = now === undefined ? undefined : parseInstant(now);
    if (!instant) throw new UsageError('--now needs a date or an ISO 8601 instant');

    const env = io.env ?? process.env;
    const config = loadConfig({ ...env, CLOCK: 'manual', CLOCK_START: instant.toISOString(), LOG_LEVEL: env.LOG_LEVEL ?? 'warn' });
    const logger = createLogger(config);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, logger), { logger: false, abortOnError: false });
    try {
      const started = Date.now();
      let reported = started;
      const report = await app.get(DunningScheduler).tick((done, total, fired) => {
        if (Date.now() - reported < PROGRESS_EVERY_MS && done < total) return;
        reported = Date.now();
        const rate = done / Math.max(0.001, (reported - started) / 1000);
        io.err(`  ${done}/${total} receivables, ${fired} timers fired, ${Math.round(rate)} receivables/s, ETA ${Math.ceil((total - done) / Math.max(rate, 1))} s`);
      });
      const seconds = (Date.now() - started) / 1000;
      io.out(`tick as of ${report.today}: ${report.receivables} receivables with due timers, ${report.fired} timers fired in ${seconds.toFixed(1)} s`);
      return EXIT_OK;
    } finally {
      await app.close();
    }
  },
};
