import { Body, Controller, Param, Post } from '@nestjs/common';
import { Command, CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { DebtorPaymentResponse } from './record-debtor-payment.handler';
import { RecordDebtorPaymentDto } from './record-debtor-payment.dto';

export class RecordDebtorPaymentCommand extends Command<DebtorPaymentResponse> {
  constructor(
    readonly debtorId: string,
    readonly body: RecordDebtorPaymentDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@ApiTags('receivables')
@Controller('v1/debtors/:id/payments')
export class RecordDebtorPaymentController {
  constructor(private readonly commands: CommandBus) {}

  /** A payment from the debtor, allocated to its open receivables under the policy in that currency, oldest due date first. */
  @Post()
  @Roles('underwriter', 'claims', 'integration')
  pay(@Param('id') debtorId: string, @Body() body: RecordDebtorPaymentDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new RecordDebtorPaymentCommand(debtorId, body, context));
  }
}
