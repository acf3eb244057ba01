import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    correlationId?: string;
  }
}

export const CORRELATION_ID_HEADER = 'x-correlation-id';
/** Anything else (too long, spaces, control characters) could forge log lines, so it is replaced. */
const SANE = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's correlation id when it is a sane token, else a new uuid; echoed once in the response. */
export function correlationIdOf(request: FastifyRequest, reply: FastifyReply): string {
  if (request.correlationId === undefined) {
    const given = request.headers[CORRELATION_ID_HEADER];
    request.correlationId = typeof given === 'string' && SANE.test(given) ? given : randomUUID();
    reply.header(CORRELATION_ID_HEADER, request.correlationId);
  }
  return request.correlationId;
}
