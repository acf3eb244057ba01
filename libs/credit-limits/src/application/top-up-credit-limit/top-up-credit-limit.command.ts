import { Command } from '@nestjs/cqrs';
import { RequestContext } from '@tc/platform';
import { CreditLimitResponse } from '../credit-limit-response';
import { TopUpCreditLimitDto } from './top-up-credit-limit.dto';

export class TopUpCreditLimitCommand extends Command<CreditLimitResponse> {
  constructor(
    readonly policyId: string,
    readonly debtorId: string,
    readonly body: TopUpCreditLimitDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
