import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@tc/platform';
import { ReplayQueryParams, pointInTimeOf } from './replay-receivable.dto';
import { ReplayReceivableQuery } from './replay-receivable.query';

@ApiTags('audit')
@Controller('v1/audit/receivables/:id/replay')
export class ReplayReceivableController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('auditor')
  replay(@Param('id') id: string, @Query() query: ReplayQueryParams) {
    return this.queries.execute(new ReplayReceivableQuery(id, pointInTimeOf(query)));
  }
}
