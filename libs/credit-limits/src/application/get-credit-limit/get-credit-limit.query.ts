import { Query } from '@nestjs/cqrs';
import { Principal } from '@tc/platform';
import { CreditLimitResponse } from '../credit-limit-response';

export class GetCreditLimitQuery extends Query<CreditLimitResponse> {
  constructor(
    readonly policyId: string,
    readonly debtorId: string,
    readonly on: string | undefined,
    readonly principal: Principal,
  ) {
    super();
  }
}
