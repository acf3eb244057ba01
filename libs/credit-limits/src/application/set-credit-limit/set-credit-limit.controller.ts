import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { SetCreditLimitCommand } from './set-credit-limit.command';
import { SetCreditLimitDto } from './set-credit-limit.dto';

@ApiTags('credit limits')
@Controller('v1/policies/:policyId/credit-limits/:debtorId')
export class SetCreditLimitController {
  constructor(private readonly commands: CommandBus) {}

  /** A named limit on the debtor under the policy: from its effectiveFrom it replaces the discretionary limit. */
  @Put()
  @Roles('underwriter')
  set(@Param('policyId') policyId: string, @Param('debtorId') debtorId: string, @Body() body: SetCreditLimitDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new SetCreditLimitCommand(policyId, debtorId, body, context));
  }
}
