import { join } from 'node:path';
import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Logger } from '@tc/platform';
import { LEASES, LeaseStore, MongoLeaseStore, SqliteLeaseStore } from '@tc/projector';
import { AppModule } from '../../api/src/app.module';
import { StoresOptions } from '../../api/src/stores.module';

/**
 * The API's composition (platform, stores, every context), with nothing started at bootstrap,
 * plus the lease store: the leases live beside the checkpoints, in MongoDB when MONGODB_URL is
 * set, else in `<DATA_DIR>/leases.sqlite` for the processes of one machine.
 */
@Module({})
export class WorkerModule implements OnApplicationShutdown {
  static forRoot(config: AppConfig, logger: Logger, stores: StoresOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [AppModule.forRoot(config, logger, { ...stores, runBackground: false })],
      providers: [
        {
          provide: LEASES,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): LeaseStore | Promise<LeaseStore> =>
            config.mongodbUrl ? MongoLeaseStore.connect({ url: config.mongodbUrl }) : SqliteLeaseStore.open({ file: join(config.dataDir, 'leases.sqlite') }),
        },
      ],
      exports: [LEASES],
    };
  }

  constructor(@Inject(LEASES) private readonly leases: LeaseStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.leases.close();
  }
}
