import { join } from 'node:path';
import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, Clock } from '@tc/kernel';
import { ANCHOR_STORE, AnchorStore, SqliteAnchorStore } from '@tc/audit';
import { EVENT_STORE, EventStore, SNAPSHOT_STORE, SnapshotStore, SqliteEventStore, SqliteSnapshotStore } from '@tc/eventstore';
import { EsdbEventStore } from '@tc/eventstore';
import { APP_CONFIG, AppConfig, HealthRegistry, LOGGER, Logger } from '@tc/platform';
import { BACKGROUND, Background, FollowerProjector, PROCESS_RUNNER, PROJECTOR, ProcessRunner, Projector, ProjectorOptions, ReadSide } from '@tc/projector';
import { MongoReadStore, READ_STORE, ReadStore, SqliteReadStore } from '@tc/readstore';

export interface StoresOptions {
  /** Wraps the event store: reliability tests inject faults here, in the adapter, never in a domain. */
  readonly decorateEventStore?: (store: EventStore) => EventStore;
  /**
   * Whether this process runs the projector, the processes and the contexts' timers from
   * bootstrap (default: RUN_BACKGROUND). False: it only follows the checkpoints the workers
   * store; the worker passes false and runs each of them itself, under a lease.
   */
  readonly runBackground?: boolean;
  /** Batching of the projector, when this process runs it (the seed commits its views less often than a live API). */
  readonly projector?: Pick<ProjectorOptions, 'batch' | 'keepDocuments'>;
}

/**
 * Composition root for the stores: the embedded SQLite adapters by default. The
 * EventStoreDB and MongoDB adapters plug in here (issue "production adapters").
 */
@Global()
@Module({})
export class StoresModule implements OnApplicationBootstrap, OnApplicationShutdown {
  static forRoot(options: StoresOptions = {}): DynamicModule {
    return {
      module: StoresModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [APP_CONFIG, CLOCK],
          useFactory: (config: AppConfig, clock: Clock): EventStore | Promise<EventStore> => {
            if (config.eventStoreUrl) {
              // EventStoreDB: one read of $all at boot, so a bad or unreachable URL fails the start in seconds, saying why.
              return EsdbEventStore.connect({ url: config.eventStoreUrl, now: () => clock.now(), connectTimeoutMs: 3_000 }).then(
                (store) => (options.decorateEventStore ? options.decorateEventStore(store) : store),
                (error: unknown) => {
                  throw new Error(`EVENTSTORE_URL: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
                },
              );
            }
            const store = SqliteEventStore.open({ file: join(config.dataDir, 'events.sqlite'), now: () => clock.now() });
            return options.decorateEventStore ? options.decorateEventStore(store) : store;
          },
        },
        {
          provide: READ_STORE,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Promise<ReadStore> | ReadStore =>
            config.mongodbUrl ? MongoReadStore.connect({ url: config.mongodbUrl }) : SqliteReadStore.open({ file: join(config.dataDir, 'views.sqlite') }),
        },
        {
          provide: BACKGROUND,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Background => ({ startsOnBootstrap: options.runBackground ?? config.runBackground }),
        },
        {
          provide: PROJECTOR,
          inject: [EVENT_STORE, READ_STORE, CLOCK, LOGGER, BACKGROUND],
          // Embedded mode runs the projector inside the API process; contexts register their projections on init.
          // Otherwise the workers run them, and `?after=` and the status read the checkpoints they store.
          useFactory: (eventStore: EventStore, readStore: ReadStore, clock: Clock, logger: Logger, background: Background) => {
            const log = logger.child({ component: 'projector' });
            const settings: ProjectorOptions = { ...options.projector, eventStore, readStore, clock: () => clock.now().getTime(), logger: { log: (level, message, context) => log[level](context ?? {}, message) } };
            return background.startsOnBootstrap ? new Projector(settings) : new FollowerProjector(settings);
          },
        },
        {
          provide: PROCESS_RUNNER,
          inject: [EVENT_STORE, READ_STORE, LOGGER],
          useFactory: (eventStore: EventStore, readStore: ReadStore, logger: Logger) => {
            const log = logger.child({ component: 'processes' });
            return new ProcessRunner({ eventStore, readStore, logger: { log: (level, message, context) => log[level](context ?? {}, message) } });
          },
        },
        ReadSide,
        {
          provide: SNAPSHOT_STORE,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): SnapshotStore => new SqliteSnapshotStore(join(config.dataDir, 'snapshots.sqlite')),
        },
        {
          // Stream heads kept outside the event store's file (the audit context's anchors).
          provide: ANCHOR_STORE,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): AnchorStore => new SqliteAnchorStore({ file: join(config.dataDir, 'anchors.sqlite') }),
        },
      ],
      exports: [EVENT_STORE, SNAPSHOT_STORE, READ_STORE, PROJECTOR, PROCESS_RUNNER, ReadSide, ANCHOR_STORE, BACKGROUND],
    };
  }

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(SNAPSHOT_STORE) private readonly snapshots: SnapshotStore,
    @Inject(ANCHOR_STORE) private readonly anchors: AnchorStore,
    @Inject(READ_STORE) private readonly views: ReadStore,
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(PROCESS_RUNNER) private readonly processes: ProcessRunner,
    @Inject(BACKGROUND) private readonly background: Background,
    health: HealthRegistry,
  ) {
    health.register('eventstore', async () => {
      await this.events.headPosition();
      return { ready: true };
    });
    health.register('readstore', async () => {
      const failed = (await this.projector.status()).filter((p) => p.status === 'failed').map((p) => p.name);
      return failed.length === 0 ? { ready: true } : { ready: false, detail: `projections failed: ${failed.join(', ')}` };
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.background.startsOnBootstrap) return;
    await this.projector.start();
    await this.processes.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.processes.stop();
    await this.projector.stop();
    await Promise.all([this.events.close(), this.snapshots.close(), this.anchors.close(), this.views.close()]);
  }
}
