import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { GetPolicyQuery } from './get-policy.query';

@ApiTags('policies')
@Controller('v1/policies/:id')
export class GetPolicyController {
  constructor(private readonly queries: QueryBus) {}

  /** Terms, options, premium due vs billed, indemnities charged this policy year; a master also rolls up its sub-policies. */
  @Get()
  @Roles('underwriter', 'claims', 'auditor', 'analyst', 'integration')
  get(@Param('id') id: string, @Ctx() context: RequestContext) {
    return this.queries.execute(new GetPolicyQuery(id, context.principal));
  }
}
