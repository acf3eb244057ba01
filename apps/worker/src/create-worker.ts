import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, Logger, PinoLoggerService, createLogger } from '@tc/platform';
import { LEASES, LeaseChange, LeaseKeeper, LeaseStore } from '@tc/projector';
import { StoresOptions } from '../../api/src/stores.module';
import { backgroundWorks, projectorLogger } from './background-works';
import { WorkerModule } from './worker.module';

export interface WorkerOptions {
  /** Default 15 s: a dead worker's work resumes elsewhere within that (plus one retry, ttl/5). */
  readonly ttlMs?: number;
  /** Default `<host>:<pid>:<random>`. */
  readonly holder?: string;
  readonly stores?: StoresOptions;
  readonly onChange?: (change: LeaseChange) => void;
}

/** A worker process: the contexts without HTTP, their background work run under leases. */
export class Worker {
  constructor(
    readonly app: INestApplicationContext,
    readonly keeper: LeaseKeeper,
    private readonly logger: Logger,
    private readonly names: readonly string[],
  ) {}

  /** Takes what leases it can (the rest it keeps trying for) and logs what it holds. */
  async start(): Promise<void> {
    await this.keeper.start();
    const held = this.keeper.held();
    this.logger.info({ holder: this.keeper.holder, held, waiting: this.names.filter((name) => !held.includes(name)) }, `worker started: holds ${held.length} of ${this.names.length} leases`);
  }

  /** Stops every work it runs, releases its leases (another worker takes them over at once), closes the stores. */
  async stop(): Promise<void> {
    await this.keeper.stop();
    await this.app.close();
  }
}

export async function createWorker(config: AppConfig, logger: Logger = createLogger(config), options: WorkerOptions = {}): Promise<Worker> {
  if (config.clock === 'manual') {
    throw new ConfigError(['CLOCK=manual is for one embedded API process (its clock moves through POST /v1/admin/clock); the worker runs on the system clock']);
  }
  const log = logger.child({ component: 'worker' });
  mkdirSync(config.dataDir, { recursive: true });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger, options.stores), { logger: new PinoLoggerService(logger), abortOnError: false });
  try {
    const works = backgroundWorks(app, logger);
    const holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const keeper = new LeaseKeeper({ leases: app.get<LeaseStore>(LEASES), holder, ttlMs: options.ttlMs, logger: projectorLogger(log), onChange: options.onChange }, works);
    return new Worker(app, keeper, log, works.map((work) => work.name));
  } catch (error) {
    await app.close();
    throw error;
  }
}
