import { Command } from '@nestjs/cqrs';
import { RequestContext } from '@tc/platform';
import { CreditLimitResponse } from '../credit-limit-response';
import { ReduceCreditLimitDto } from './reduce-credit-limit.dto';

export class ReduceCreditLimitCommand extends Command<CreditLimitResponse> {
  constructor(
    readonly policyId: string,
    readonly debtorId: string,
    readonly body: ReduceCreditLimitDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
