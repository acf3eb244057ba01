import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, Logger, createApiApp, createLogger } from '@tc/platform';
import { AppModule } from './app.module';
import { StoresOptions } from './stores.module';

/** The API as `npm start` runs it; end-to-end tests boot exactly this. */
export function createApi(config: AppConfig, logger: Logger = createLogger(config), stores?: StoresOptions): Promise<NestFastifyApplication> {
  return createApiApp(AppModule.forRoot(config, logger, stores), config, logger);
}
