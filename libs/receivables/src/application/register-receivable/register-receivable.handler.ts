import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { DebtorsFacade } from '@tc/debtors';
import { PoliciesFacade } from '@tc/policies';
import { commandMetadata } from '@tc/platform';
import { ReceivableResponse, receivableResponse } from '../receivable-response';
import { ReceivableWorkflow, receivableIdFor } from '../receivable-workflow';
import { RegisterReceivableCommand } from './register-receivable.command';

@CommandHandler(RegisterReceivableCommand)
export class RegisterReceivableHandler implements ICommandHandler<RegisterReceivableCommand, ReceivableResponse> {
  constructor(
    private readonly workflow: ReceivableWorkflow,
    private readonly policies: PoliciesFacade,
    private readonly debtors: DebtorsFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ body: { comment, ...body }, context }: RegisterReceivableCommand): Promise<ReceivableResponse> {
    const [{ policy }, debtor] = await Promise.all([this.policies.get(body.policyId, context.principal), this.debtors.get(body.debtorId)]);
    const { maxCreditTermDays, reminderDays, overdueDeclarationDays, collectionHandoverDays, waitingPeriodDays, insuredPercentage, discretionaryLimit } = policy.terms;
    const outcome = await this.workflow.register(
      {
        ...body,
        receivableId: receivableIdFor(body.policyId, body.invoiceNumber),
        policy: { currency: policy.currency, maxCreditTermDays, reminderDays, overdueDeclarationDays, collectionHandoverDays, waitingPeriodDays, insuredPercentage, discretionaryLimit },
        debtor: { insolvencyDate: debtor.insolvencyDate },
        today: this.clock.today(),
      },
      commandMetadata({ ...context, ifMatch: undefined }, comment),
    );
    return receivableResponse(outcome);
  }
}
