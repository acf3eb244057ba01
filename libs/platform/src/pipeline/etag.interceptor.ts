import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';
import { etagOf } from './command-response';

/**
 * Every command response and aggregate read carries its stream revision; this sets the
 * matching ETag once for all routes, so clients can send it back in If-Match.
 */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body: unknown) => {
        const revision = (body as { revision?: unknown } | null)?.revision;
        if (typeof revision !== 'number' || revision < 0) return;
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        if (!reply.hasHeader('etag')) reply.header('ETag', etagOf(revision));
      }),
    );
  }
}
