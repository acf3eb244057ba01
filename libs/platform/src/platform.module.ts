import { join } from 'node:path';
import { DynamicModule, Module, OnModuleDestroy, Inject } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import type { Logger } from 'pino';
import { Clock, CLOCK, ManualClock, SystemClock } from '@tc/kernel';
import { AuthGuard } from './auth/auth.guard';
import { ClockListeners } from './clock/clock-listeners';
import { ClockController } from './clock/clock.controller';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IDEMPOTENCY_STORE } from './idempotency/idempotency.port';
import { SqliteIdempotencyStore } from './idempotency/sqlite-idempotency.store';
import { createLogger, LOGGER } from './logging/logger';

export interface PlatformOptions {
  /** Tests pass a ManualClock they keep a hand on; default: from CLOCK / CLOCK_START. */
  readonly clock?: Clock;
  /** Default: a pino logger at LOG_LEVEL on stdout. */
  readonly logger?: Logger;
}

const clockFor = (config: AppConfig): Clock => (config.clock === 'manual' ? new ManualClock(config.clockStart) : new SystemClock());

/**
 * What every app needs, registered globally: configuration, clock, logger, health,
 * and the secure-by-default HTTP chain (auth guard, validation pipe, idempotency,
 * problem+json filter). Pair it with createApiApp (or configureApp) for the Fastify side.
 */
@Module({})
export class PlatformModule implements OnModuleDestroy {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly idempotencyStore: SqliteIdempotencyStore) {}

  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, ClockController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? clockFor(config) },
        { provide: LOGGER, useValue: options.logger ?? createLogger(config) },
        HealthRegistry,
        ClockListeners,
        {
          provide: IDEMPOTENCY_STORE,
          inject: [HealthRegistry],
          useFactory: (health: HealthRegistry) => {
            const store = new SqliteIdempotencyStore(join(config.dataDir, 'platform.sqlite'));
            health.register('platform', () => store.readiness());
            return store;
          },
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [APP_CONFIG, CLOCK, LOGGER, HealthRegistry, ClockListeners, IDEMPOTENCY_STORE],
    };
  }

  onModuleDestroy(): void {
    this.idempotencyStore.close();
  }
}
