import { join } from 'node:path';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, Clock } from '@tc/kernel';
import { EVENT_STORE, EventStore, SNAPSHOT_STORE, SnapshotStore, SqliteEventStore, SqliteSnapshotStore } from '@tc/eventstore';
import { APP_CONFIG, AppConfig, HealthRegistry } from '@tc/platform';

export interface StoresOptions {
  /** Wraps the event store: reliability tests inject faults here, in the adapter, never in a domain. */
  readonly decorateEventStore?: (store: EventStore) => EventStore;
}

/**
 * Composition root for the stores: the embedded SQLite adapters by default. The
 * EventStoreDB and MongoDB adapters plug in here (issue "production adapters").
 */
@Global()
@Module({})
export class StoresModule implements OnApplicationShutdown {
  static forRoot(options: StoresOptions = {}): DynamicModule {
    return {
      module: StoresModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [APP_CONFIG, CLOCK],
          useFactory: (config: AppConfig, clock: Clock): EventStore => {
            if (config.eventStoreUrl) {
              throw new Error('EVENTSTORE_URL is set, but this build has no EventStoreDB adapter yet: unset it to use the embedded store');
            }
            const store = SqliteEventStore.open({ file: join(config.dataDir, 'events.sqlite'), now: () => clock.now() });
            return options.decorateEventStore ? options.decorateEventStore(store) : store;
          },
        },
        {
          provide: SNAPSHOT_STORE,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): SnapshotStore => new SqliteSnapshotStore(join(config.dataDir, 'snapshots.sqlite')),
        },
      ],
      exports: [EVENT_STORE, SNAPSHOT_STORE],
    };
  }

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(SNAPSHOT_STORE) private readonly snapshots: SnapshotStore,
    health: HealthRegistry,
  ) {
    health.register('eventstore', async () => {
      await this.events.headPosition();
      return { ready: true };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.events.close(), this.snapshots.close()]);
  }
}
