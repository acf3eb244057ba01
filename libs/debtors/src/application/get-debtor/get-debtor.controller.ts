import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@tc/platform';
import { GetDebtorQuery } from './get-debtor.query';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('v1/debtors/:id')
export class GetDebtorController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('underwriter', 'claims', 'auditor', 'analyst', 'integration')
  get(@Param('id') id: string) {
    return this.queries.execute(new GetDebtorQuery(id));
  }
}
