import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@tc/platform';
import { createWorker } from './create-worker';

/** A stop that takes longer than this (a store that hangs) ends the process anyway: the leases then lapse by themselves. */
const STOP_TIMEOUT_MS = 25_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const worker = await createWorker(config, logger);
  await worker.start();

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without releasing the leases (they lapse by themselves)');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'worker stopping: finishing the work in hand and releasing its leases');
    setTimeout(() => {
      logger.error({ timeoutMs: STOP_TIMEOUT_MS }, 'worker did not stop in time: exiting; its leases lapse by themselves');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    try {
      await worker.stop();
      logger.info('worker stopped');
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'worker did not stop cleanly');
      logger.flush();
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
