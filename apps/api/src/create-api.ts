import { mkdirSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, Logger, createApiApp, createLogger } from '@tc/platform';
import { AppModule } from './app.module';
import { StoresOptions } from './stores.module';

/** The API as `npm start` runs it; end-to-end tests boot exactly this. */
export function createApi(config: AppConfig, logger: Logger = createLogger(config), stores?: StoresOptions): Promise<NestFastifyApplication> {
  // The embedded stores' files (and the idempotency, snapshot and anchor files in every mode) live there.
  mkdirSync(config.dataDir, { recursive: true });
  return createApiApp(AppModule.forRoot(config, logger, stores), config, logger);
}
