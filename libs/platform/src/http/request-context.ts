import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@tc/kernel';
import { Principal, Role } from '../auth/roles';
import { correlationIdOf } from './correlation-id';
import { validationFailed } from './validation-errors';

/** What a command handler needs from the request besides its body. */
export interface RequestContext {
  readonly principal: Principal;
  /** The events' metadata actor. */
  readonly actor: { readonly sub: string; readonly role: Role };
  readonly correlationId: string;
  /** The stream revision the client read (If-Match); a mismatch is a 409. */
  readonly ifMatch?: number;
  readonly idempotencyKey?: string;
}

export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const http = context.switchToHttp();
  return requestContextOf(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
});

export function requestContextOf(request: FastifyRequest, reply: FastifyReply): RequestContext {
  const { principal } = request;
  // Only a @Public() route has no principal, and public routes send no commands.
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'this route needs a bearer token');
  const ifMatch = parseIfMatch(request.headers['if-match']);
  const idempotencyKey = request.headers['idempotency-key'];
  return {
    principal,
    actor: { sub: principal.sub, role: principal.role },
    correlationId: correlationIdOf(request, reply),
    ...(ifMatch !== undefined && { ifMatch }),
    ...(typeof idempotencyKey === 'string' && { idempotencyKey }),
  };
}

/**
 * `"7"` (the ETag as sent) or `7`. Weak tags, `*` and lists are refused: a command
 * must name exactly the one revision it was decided on.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:"(\d{1,15})"|(\d{1,15}))\s*$/.exec(header);
  if (!match) {
    throw validationFailed([{ field: 'If-Match', message: 'must be one stream revision, as the ETag "7" (quoted or not, never weak)' }]);
  }
  return Number(match[1] ?? match[2]);
}
