import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { TopUpCreditLimitCommand } from './top-up-credit-limit.command';
import { TopUpCreditLimitDto } from './top-up-credit-limit.dto';

@ApiTags('credit limits')
@Controller('v1/policies/:policyId/credit-limits/:debtorId/top-ups')
export class TopUpCreditLimitController {
  constructor(private readonly commands: CommandBus) {}

  /** Temporary extra limit from `from` until `until` (inclusive), on any product, without touching the named amount. */
  @Post()
  @HttpCode(200)
  @Roles('underwriter')
  topUp(@Param('policyId') policyId: string, @Param('debtorId') debtorId: string, @Body() body: TopUpCreditLimitDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new TopUpCreditLimitCommand(policyId, debtorId, body, context));
  }
}
