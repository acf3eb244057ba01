import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PinoLoggerService } from '../logging/pino-logger.service';
import { registerRequestLog } from '../logging/request-log';
import { correlationIdOf } from './correlation-id';
import { registerJsonBodyParser } from './json-body-parser';
import { setupOpenApi } from './openapi';

/** API.md: bodies have a size limit; a larger one is a 413 PAYLOAD_TOO_LARGE. */
export const BODY_LIMIT_BYTES = 65_536;

/** Nest registers its body parsers on init through this hook; ours replaces them (JSON only, coded errors). */
class ApiFastifyAdapter extends FastifyAdapter {
  override registerParserMiddleware(): void {
    registerJsonBodyParser(this.getInstance());
  }
}

/** trustProxy stays off: behind a proxy, set it deliberately for that proxy's address only. */
export function createFastifyAdapter(): FastifyAdapter {
  return new ApiFastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: false, logger: false });
}

/**
 * HTTP concerns that live on the Fastify instance rather than in Nest: correlation id
 * (also for requests Nest never sees), the request log line, OpenAPI. Guard, filter,
 * pipe and the idempotency interceptor come from PlatformModule.
 */
export function configureApp(app: NestFastifyApplication, logger: Logger): void {
  try {
    app.get(APP_CONFIG, { strict: false });
  } catch {
    throw new Error('the API module must import PlatformModule.forRoot(config): it provides the auth guard and error filter');
  }
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    correlationIdOf(request, reply);
    done();
  });
  registerRequestLog(fastify, logger);
  setupOpenApi(app);
}

export async function createApiApp(module: Type | DynamicModule, config: AppConfig, logger: Logger): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(), {
    logger: new PinoLoggerService(logger),
    abortOnError: false,
  });
  configureApp(app, logger);
  app.enableShutdownHooks();
  if (config.jwtSecretGenerated) {
    logger.warn({ file: config.jwtSecretFile }, 'generated a new JWT secret; mint tokens with: npm run cli -- token --role <role>');
  }
  if (config.clock === 'manual') logger.info({ start: config.clockStart.toISOString() }, 'manual clock: it moves only through POST /v1/admin/clock');
  return app;
}
