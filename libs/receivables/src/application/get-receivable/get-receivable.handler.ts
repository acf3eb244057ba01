import { Controller, Get, Inject, Param, Query as QueryParams, Res } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@tc/kernel';
import { Ctx, Principal, RequestContext, Roles, assertPolicyAccess } from '@tc/platform';
import { AfterQuery, ReadSide } from '@tc/projector';
import { READ_STORE, ReadStore } from '@tc/readstore';
import { ReceivableView } from '../../domain';
import { RECEIVABLES_PROJECTION, RECEIVABLES_VIEW, ReceivableDoc } from '../../projections/receivables.projection';

export type ReceivableDetail = ReceivableView & { readonly revision: number };

/** The API's view of a receivable document: what GET /v1/receivables/:id has always shown, without the folded state. */
export function receivableDetailOf(doc: ReceivableDoc): ReceivableDetail {
  const { state: _state, open: _open, owing: _owing, requestedInstant: _requested, decidedInstant: _decided, ...detail } = doc;
  return detail as ReceivableDetail;
}

export class GetReceivableQuery extends Query<ReceivableDetail> {
  constructor(
    readonly receivableId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** Answers from the receivables view (a receivable it does not hold yet is a 404). */
@QueryHandler(GetReceivableQuery)
export class GetReceivableHandler implements IQueryHandler<GetReceivableQuery, ReceivableDetail> {
  constructor(@Inject(READ_STORE) private readonly views: ReadStore) {}

  async execute({ receivableId, principal }: GetReceivableQuery): Promise<ReceivableDetail> {
    const doc = await this.views.get<ReceivableDoc>(RECEIVABLES_VIEW, receivableId);
    if (!doc) throw new DomainError('NOT_FOUND', `no receivable ${receivableId}`);
    assertPolicyAccess(principal, doc.policyId);
    return receivableDetailOf(doc);
  }
}

@ApiTags('receivables')
@Controller('v1/receivables/:id')
export class GetReceivableController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readSide: ReadSide,
  ) {}

  /** `after` waits (≤ 5 s) for the position a command returned; X-View-Position says what the view holds, 404 included. */
  @Get()
  @Roles('underwriter', 'claims', 'auditor', 'analyst', 'integration')
  async get(@Param('id') id: string, @QueryParams() query: AfterQuery, @Ctx() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const position = await this.readSide.reached([RECEIVABLES_PROJECTION], query.after);
    if (position) reply.header('X-View-Position', position);
    return this.queries.execute(new GetReceivableQuery(id, context.principal));
  }
}
