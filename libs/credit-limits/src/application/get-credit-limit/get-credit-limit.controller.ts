import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Ctx, IsCalendarDate, RequestContext, Roles } from '@tc/platform';
import { GetCreditLimitQuery } from './get-credit-limit.query';

export class CreditLimitOnQuery {
  @ApiPropertyOptional({ description: 'business date of the figures; default today' })
  @IsOptional()
  @IsCalendarDate()
  on?: string;
}

@ApiTags('credit limits')
@Controller('v1/policies/:policyId/credit-limits/:debtorId')
export class GetCreditLimitController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('underwriter', 'claims', 'auditor', 'analyst', 'integration')
  get(@Param('policyId') policyId: string, @Param('debtorId') debtorId: string, @Query() query: CreditLimitOnQuery, @Ctx() context: RequestContext) {
    return this.queries.execute(new GetCreditLimitQuery(policyId, debtorId, query.on, context.principal));
  }
}
