import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, dateOf, parseInstant } from '@tc/kernel';
import { PoliciesFacade } from '@tc/policies';
import { commandMetadata } from '@tc/platform';
import { CreditLimitResponse, creditLimitResponse } from '../credit-limit-response';
import { CreditLimitsFacade } from '../credit-limits.facade';
import { ReduceCreditLimitCommand } from './reduce-credit-limit.command';

@CommandHandler(ReduceCreditLimitCommand)
export class ReduceCreditLimitHandler implements ICommandHandler<ReduceCreditLimitCommand, CreditLimitResponse> {
  constructor(
    private readonly limits: CreditLimitsFacade,
    private readonly policies: PoliciesFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ policyId, debtorId, body, context }: ReduceCreditLimitCommand): Promise<CreditLimitResponse> {
    const { policy } = await this.policies.get(policyId);
    const { amount, noticeDate, effectiveDate } = body;
    const outcome = await this.limits.execute(
      policyId,
      debtorId,
      { type: 'ReduceCreditLimit', data: { amount, noticeDate, effectiveDate, limitReductionNoticeDays: policy.terms.limitReductionNoticeDays, today: this.clock.today() } },
      commandMetadata(context, body.comment),
      dateOf(parseInstant(noticeDate) ?? this.clock.now()),
    );
    const reduced = outcome.events.find((e) => e.type === 'CreditLimitReduced');
    const on = reduced?.type === 'CreditLimitReduced' ? reduced.data.effectiveDate : this.clock.today();
    return creditLimitResponse(policyId, debtorId, outcome, on, policy.terms.discretionaryLimit);
  }
}
