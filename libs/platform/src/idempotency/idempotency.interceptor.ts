import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DomainError } from '@tc/kernel';
import { validationFailed } from '../http/validation-errors';
import { KeyedMutex } from '../pipeline/keyed-mutex';
import { IDEMPOTENCY_STORE, IdempotencyRecord, IdempotencyStore } from './idempotency.port';
import { requestHashOf } from './request-hash';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REPLAYED_RESPONSE_HEADERS = ['etag', 'location'];
const MAX_KEY_LENGTH = 200;

/**
 * A command retried with the same Idempotency-Key gets the first successful response
 * again, without running the handler (so nothing is appended twice). Only 2xx responses
 * are kept: after a refusal, a retry is decided again on the current state.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /** A retry that arrives while the first attempt still runs waits for it, then replays it. */
  private readonly inFlight = new KeyedMutex();

  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined || !COMMAND_METHODS.has(request.method)) return next.handle();
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw validationFailed([{ field: 'Idempotency-Key', message: `must be 1 to ${MAX_KEY_LENGTH} characters` }]);
    }

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const scope = `${request.principal?.sub ?? '-'} ${request.method} ${request.url.split('?')[0]}`;
    const requestHash = requestHashOf(request.body);
    return from(this.inFlight.run(`${scope}\n${key}`, () => this.once(scope, key, requestHash, reply, next)));
  }

  private async once(scope: string, key: string, requestHash: string, reply: FastifyReply, next: CallHandler): Promise<unknown> {
    const first = await this.store.find(scope, key);
    if (first) return replay(first, requestHash, reply);

    const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      await this.store.save({
        scope,
        key,
        requestHash,
        status: reply.statusCode,
        headers: Object.fromEntries(REPLAYED_RESPONSE_HEADERS.filter((h) => reply.hasHeader(h)).map((h) => [h, String(reply.getHeader(h))])),
        // As it will be serialised: what a replay sends must be byte for byte what the first response sent.
        body: body === undefined ? null : JSON.parse(JSON.stringify(body)),
        createdAt: new Date().toISOString(),
      });
    }
    return body;
  }
}

function replay(first: IdempotencyRecord, requestHash: string, reply: FastifyReply): unknown {
  if (first.requestHash !== requestHash) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with another request body');
  }
  reply.status(first.status).headers({ ...first.headers, [REPLAYED_HEADER]: 'true' });
  return first.body ?? undefined;
}
