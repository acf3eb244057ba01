import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * One line per finished request, from Fastify's onResponse hook: it also sees requests
 * that never reached Nest (unknown route, bad body), and costs nothing when the level is off.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (logger.isLevelEnabled('info')) {
      logger.info(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 10) / 10,
          correlationId: request.correlationId,
          sub: request.principal?.sub,
          role: request.principal?.role,
        },
        'request',
      );
    }
    done();
  });
}
