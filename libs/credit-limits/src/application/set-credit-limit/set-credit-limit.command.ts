import { Command } from '@nestjs/cqrs';
import { RequestContext } from '@tc/platform';
import { CreditLimitResponse } from '../credit-limit-response';
import { SetCreditLimitDto } from './set-credit-limit.dto';

export class SetCreditLimitCommand extends Command<CreditLimitResponse> {
  constructor(
    readonly policyId: string,
    readonly debtorId: string,
    readonly body: SetCreditLimitDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
