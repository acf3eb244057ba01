import { Controller, Get, Param } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, Principal, RequestContext, Roles, assertPolicyAccess } from '@tc/platform';
import { ReceivableView, receivableView } from '../../domain';
import { ReceivableWorkflow } from '../receivable-workflow';

export type ReceivableDetail = ReceivableView & { readonly revision: number };

export class GetReceivableQuery extends Query<ReceivableDetail> {
  constructor(
    readonly receivableId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** Folds the stream until the read side serves receivables. */
@QueryHandler(GetReceivableQuery)
export class GetReceivableHandler implements IQueryHandler<GetReceivableQuery, ReceivableDetail> {
  constructor(private readonly workflow: ReceivableWorkflow) {}

  async execute({ receivableId, principal }: GetReceivableQuery): Promise<ReceivableDetail> {
    const { state, revision } = await this.workflow.load(receivableId);
    assertPolicyAccess(principal, state.policyId);
    return { ...receivableView(state)!, revision };
  }
}

@ApiTags('receivables')
@Controller('v1/receivables/:id')
export class GetReceivableController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('underwriter', 'claims', 'auditor', 'analyst', 'integration')
  get(@Param('id') id: string, @Ctx() context: RequestContext) {
    return this.queries.execute(new GetReceivableQuery(id, context.principal));
  }
}
