import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../logging/logger';
import { correlationIdOf } from './correlation-id';
import { PROBLEM_JSON, problemOf } from './problem-details';

/**
 * The one place where errors become HTTP responses, for routes, guards, pipes and also
 * Fastify's own errors (body parsing, size limit, media type, unknown route), which Nest
 * routes here through its error and not-found handlers.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const correlationId = correlationIdOf(request, reply);
    const body = { ...problemOf(exception), instance: request.url.split('?')[0], correlationId };

    if (body.status >= 500) {
      this.logger.error({ err: exception, correlationId, method: request.method, url: request.url }, 'request failed');
    }
    if (reply.sent) return;
    if (body.status === 401) reply.header('www-authenticate', 'Bearer');
    reply.status(body.status).header('content-type', PROBLEM_JSON).send(JSON.stringify(body));
  }
}
