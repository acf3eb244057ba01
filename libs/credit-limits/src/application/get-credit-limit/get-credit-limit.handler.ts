import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { DebtorsFacade } from '@tc/debtors';
import { PoliciesFacade } from '@tc/policies';
import { CreditLimitResponse, creditLimitResponse } from '../credit-limit-response';
import { CreditLimitsFacade } from '../credit-limits.facade';
import { GetCreditLimitQuery } from './get-credit-limit.query';

/** The limit in force, reserved and available on a date; a debtor with no named limit shows the discretionary one. */
@QueryHandler(GetCreditLimitQuery)
export class GetCreditLimitHandler implements IQueryHandler<GetCreditLimitQuery, CreditLimitResponse> {
  constructor(
    private readonly limits: CreditLimitsFacade,
    private readonly policies: PoliciesFacade,
    private readonly debtors: DebtorsFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ policyId, debtorId, on, principal }: GetCreditLimitQuery): Promise<CreditLimitResponse> {
    const [{ policy }] = await Promise.all([this.policies.get(policyId, principal), this.debtors.get(debtorId)]);
    const { state, revision } = await this.limits.load(policyId, debtorId);
    return creditLimitResponse(policyId, debtorId, { state, revision, position: undefined }, on ?? this.clock.today(), policy.terms.discretionaryLimit);
  }
}
