import { Controller, Get, Inject, MessageEvent, OnModuleInit, Query, Res, Sse } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min, MaxLength } from 'class-validator';
import { Type } from 'class-transformer';
import { Observable } from 'rxjs';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { Ctx, Principal, RequestContext, Roles } from '@tc/platform';
import { AfterQuery, PROJECTOR, Projector, ReadSide } from '@tc/projector';
import { READ_STORE, ReadStore, Where } from '@tc/readstore';
import { ALERTS_VIEW, AlertDoc, alertDocOf, alertsProjection } from '../../projections/alerts.projection';
import { ReceivableWorkflow } from '../receivable-workflow';

export class AlertsQuery extends AfterQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() debtorId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() policyId?: string;
  @ApiPropertyOptional({ maximum: 500, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

/** An integration token sees its own policy's alerts only, whatever it asks for. */
const policyScope = (principal: Principal, policyId?: string): string | undefined => (principal.role === 'integration' ? principal.policyId : policyId);

/** SSE keeps proxies from closing an idle feed. */
const HEARTBEAT_MS = 15_000;

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController implements OnModuleInit {
  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(READ_STORE) private readonly views: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly readSide: ReadSide,
    private readonly workflow: ReceivableWorkflow,
  ) {}

  onModuleInit(): void {
    this.projector.register(alertsProjection);
  }

  /** Newest first. */
  @Get()
  @Roles('underwriter', 'claims', 'integration')
  async list(@Query() query: AlertsQuery, @Ctx() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const position = await this.readSide.reached([alertsProjection.name], query.after);
    if (position) reply.header('X-View-Position', position);
    const policyId = policyScope(context.principal, query.policyId);
    const where: Where = { ...(policyId && { policyId }), ...(query.debtorId && { debtorId: query.debtorId }) };
    const page = await this.views.find<AlertDoc>(ALERTS_VIEW, { where, sort: { field: 'seq', direction: 'desc' }, limit: query.limit ?? 50, cursor: query.cursor });
    return { items: page.items.map(({ seq: _seq, ...alert }) => alert), nextCursor: page.nextCursor ?? null };
  }

  /** Server-sent events: one per alert recorded from now on (the list above gives the past). */
  @Sse('stream')
  @Roles('underwriter', 'claims', 'integration')
  stream(@Ctx() context: RequestContext): Observable<MessageEvent> {
    const policyId = policyScope(context.principal);
    return new Observable<MessageEvent>((subscriber) => {
      let stopped = false;
      const heartbeat = setInterval(() => subscriber.next({ type: 'heartbeat', data: {} }), HEARTBEAT_MS);
      const subscription = this.events.headPosition().then((head) =>
        stopped
          ? undefined
          : this.events.subscribe({
              after: head,
              filter: { types: ['AlertRecorded'], streamPrefixes: ['receivable-'] },
              handler: async (event) => {
                const { state } = await this.workflow.load(event.stream.slice('receivable-'.length));
                if (policyId && state.policyId !== policyId) return;
                const { seq: _seq, ...alert } = alertDocOf(event, state);
                subscriber.next({ id: event.position, type: 'alert', data: alert });
              },
              onError: (error) => subscriber.error(error),
            }),
      );
      return () => {
        stopped = true;
        clearInterval(heartbeat);
        void subscription.then((s) => s?.stop());
      };
    });
  }
}
