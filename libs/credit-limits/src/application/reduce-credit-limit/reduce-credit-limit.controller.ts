import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { ReduceCreditLimitCommand } from './reduce-credit-limit.command';
import { ReduceCreditLimitDto } from './reduce-credit-limit.dto';

@ApiTags('credit limits')
@Controller('v1/policies/:policyId/credit-limits/:debtorId/reductions')
export class ReduceCreditLimitController {
  constructor(private readonly commands: CommandBus) {}

  /** A lower named amount from its effective date; existing reservations stand. The response shows the figures on that date. */
  @Post()
  @HttpCode(200)
  @Roles('underwriter')
  reduce(@Param('policyId') policyId: string, @Param('debtorId') debtorId: string, @Body() body: ReduceCreditLimitDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ReduceCreditLimitCommand(policyId, debtorId, body, context));
  }
}
