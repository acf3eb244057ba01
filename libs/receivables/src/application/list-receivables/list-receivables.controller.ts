import { Controller, Get, Inject, Query as QueryParams, Res } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { FastifyReply } from 'fastify';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CLOCK, Clock, DomainError } from '@tc/kernel';
import { Ctx, Principal, RequestContext, Roles, validationFailed } from '@tc/platform';
import { AfterQuery, ReadSide } from '@tc/projector';
import { DEFAULT_LIMIT, MAX_LIMIT, READ_STORE, ReadStore, ReadStoreQueryError, Where } from '@tc/readstore';
import { RECEIVABLE_STATUSES, ReceivableStatus } from '../../domain';
import { RECEIVABLES_PROJECTION, RECEIVABLES_VIEW, ReceivableDoc } from '../../projections/receivables.projection';
import { ReceivableDetail, receivableDetailOf } from '../get-receivable/get-receivable.handler';


export class ListReceivablesQuery extends AfterQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() policyId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() debtorId?: string;
  @ApiPropertyOptional({ enum: RECEIVABLE_STATUSES }) @IsOptional() @IsIn(RECEIVABLE_STATUSES) status?: ReceivableStatus;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: open, something owed, due date before today (by the service clock); false: open, something owed, not yet past due',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export interface ReceivablePage {
  readonly items: ReceivableDetail[];
  readonly nextCursor: string | null;
}

export class ListReceivables extends Query<ReceivablePage> {
  constructor(
    readonly filters: ListReceivablesQuery,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** Oldest due date first; every filter runs on an index of the receivables view. */
@QueryHandler(ListReceivables)
export class ListReceivablesHandler implements IQueryHandler<ListReceivables, ReceivablePage> {
  constructor(
    @Inject(READ_STORE) private readonly views: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filters, principal }: ListReceivables): Promise<ReceivablePage> {
    const page = await this.views
      .find<ReceivableDoc>(RECEIVABLES_VIEW, { where: this.where(filters, principal), sort: { field: 'dueDate' }, limit: filters.limit ?? DEFAULT_LIMIT, cursor: filters.cursor })
      .catch((error: unknown) => {
        // A cursor is opaque to the client: one it made up, or from another list, is its mistake.
        if (error instanceof ReadStoreQueryError && error.code === 'INVALID_CURSOR') throw validationFailed([{ field: 'cursor', message: error.message }]);
        throw error;
      });
    return { items: page.items.map(receivableDetailOf), nextCursor: page.nextCursor ?? null };
  }

  private where({ policyId, debtorId, status, overdue }: ListReceivablesQuery, principal: Principal): Where {
    // An integration token lists its own policy's receivables, whatever it asks for; naming another is refused.
    if (principal.role === 'integration' && policyId !== undefined && policyId !== principal.policyId) {
      throw new DomainError('FORBIDDEN', 'this integration token may not read another policy');
    }
    const scope = principal.role === 'integration' ? principal.policyId : policyId;
    const today = this.clock.today();
    return {
      ...(scope !== undefined && { policyId: scope }),
      ...(debtorId !== undefined && { debtorId }),
      ...(status !== undefined && { status }),
      ...(overdue !== undefined && { owing: true, dueDate: overdue === 'true' ? { lt: today } : { gte: today } }),
    };
  }
}

@ApiTags('receivables')
@Controller('v1/receivables')
export class ListReceivablesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readSide: ReadSide,
  ) {}

  @Get()
  @Roles('underwriter', 'claims', 'auditor', 'analyst', 'integration')
  async list(@QueryParams() query: ListReceivablesQuery, @Ctx() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const position = await this.readSide.reached([RECEIVABLES_PROJECTION], query.after);
    if (position) reply.header('X-View-Position', position);
    return this.queries.execute(new ListReceivables(query, context.principal));
  }
}
