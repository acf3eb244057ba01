import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { DebtorsFacade } from '@tc/debtors';
import { PoliciesFacade } from '@tc/policies';
import { commandMetadata } from '@tc/platform';
import { CreditLimitResponse, creditLimitResponse } from '../credit-limit-response';
import { CreditLimitsFacade } from '../credit-limits.facade';
import { TopUpCreditLimitCommand } from './top-up-credit-limit.command';

@CommandHandler(TopUpCreditLimitCommand)
export class TopUpCreditLimitHandler implements ICommandHandler<TopUpCreditLimitCommand, CreditLimitResponse> {
  constructor(
    private readonly limits: CreditLimitsFacade,
    private readonly policies: PoliciesFacade,
    private readonly debtors: DebtorsFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ policyId, debtorId, body, context }: TopUpCreditLimitCommand): Promise<CreditLimitResponse> {
    const [{ policy }] = await Promise.all([this.policies.get(policyId), this.debtors.get(debtorId)]);
    const today = this.clock.today();
    const from = body.from ?? today;
    const outcome = await this.limits.execute(
      policyId,
      debtorId,
      { type: 'TopUpCreditLimit', data: { policyId, debtorId, currency: policy.currency, topUpId: randomUUID(), amount: body.amount, from, until: body.until, today } },
      commandMetadata(context, body.comment),
      today,
    );
    return creditLimitResponse(policyId, debtorId, outcome, from > today ? from : today, policy.terms.discretionaryLimit);
  }
}
