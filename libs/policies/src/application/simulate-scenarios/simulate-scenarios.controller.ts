import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@tc/platform';
import { SimulateScenariosDto } from './simulate-scenarios.dto';
import { SimulateScenariosQuery } from './simulate-scenarios.query';

@ApiTags('pricing')
@Controller('v1/pricing/scenarios')
export class SimulateScenariosController {
  constructor(private readonly queries: QueryBus) {}

  /** Premium, expected loss and net cost per scenario × choice, from a model (the response says so). */
  @Post()
  @HttpCode(200)
  @Roles('underwriter', 'analyst')
  simulate(@Body() body: SimulateScenariosDto) {
    return this.queries.execute(new SimulateScenariosQuery(body));
  }
}
