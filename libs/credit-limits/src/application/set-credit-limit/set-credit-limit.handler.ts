import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, dateOf, parseInstant } from '@tc/kernel';
import { DebtorsFacade } from '@tc/debtors';
import { PoliciesFacade } from '@tc/policies';
import { commandMetadata } from '@tc/platform';
import { CreditLimitResponse, creditLimitResponse } from '../credit-limit-response';
import { CreditLimitsFacade } from '../credit-limits.facade';
import { SetCreditLimitCommand } from './set-credit-limit.command';

@CommandHandler(SetCreditLimitCommand)
export class SetCreditLimitHandler implements ICommandHandler<SetCreditLimitCommand, CreditLimitResponse> {
  constructor(
    private readonly limits: CreditLimitsFacade,
    private readonly policies: PoliciesFacade,
    private readonly debtors: DebtorsFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ policyId, debtorId, body, context }: SetCreditLimitCommand): Promise<CreditLimitResponse> {
    const [{ policy }] = await Promise.all([this.policies.get(policyId), this.debtors.get(debtorId)]);
    const decidedAt = body.decidedAt ?? this.clock.now().toISOString();
    const today = this.clock.today();
    const { amount, effectiveFrom, validUntil, conditions } = body;
    const outcome = await this.limits.execute(
      policyId,
      debtorId,
      { type: 'SetCreditLimit', data: { policyId, debtorId, currency: policy.currency, amount, effectiveFrom, validUntil, conditions, decidedAt, today } },
      commandMetadata(context, body.comment),
      dateOf(parseInstant(decidedAt) ?? this.clock.now()),
    );
    return creditLimitResponse(policyId, debtorId, outcome, effectiveFrom > today ? effectiveFrom : today, policy.terms.discretionaryLimit);
  }
}
