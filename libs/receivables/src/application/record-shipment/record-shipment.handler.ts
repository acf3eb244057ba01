import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { DebtorsFacade } from '@tc/debtors';
import { PoliciesFacade } from '@tc/policies';
import { assertPolicyAccess, commandMetadata } from '@tc/platform';
import { ReceivableResponse, receivableResponse } from '../receivable-response';
import { ReceivableWorkflow, factDay } from '../receivable-workflow';
import { RecordShipmentCommand } from './record-shipment.command';

/** Step 3: insured only on granted, valid cover, not before the decision, not once the debtor is insolvent. */
@CommandHandler(RecordShipmentCommand)
export class RecordShipmentHandler implements ICommandHandler<RecordShipmentCommand, ReceivableResponse> {
  constructor(
    private readonly workflow: ReceivableWorkflow,
    private readonly policies: PoliciesFacade,
    private readonly debtors: DebtorsFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ receivableId, body: { comment, shippedAt }, context }: RecordShipmentCommand): Promise<ReceivableResponse> {
    const shippedOn = factDay(shippedAt, this.clock);
    const outcome = await this.workflow.run(
      receivableId,
      async (receivable) => {
        assertPolicyAccess(context.principal, receivable.policyId);
        const [{ policy }, debtor, exposure] = await Promise.all([
          this.policies.get(receivable.policyId),
          this.debtors.get(receivable.debtorId),
          this.workflow.exposureOf(receivable, shippedOn),
        ]);
        return {
          type: 'RecordShipment',
          data: {
            shippedAt,
            debtorInsolvencyDate: debtor.insolvencyDate,
            coverCeiling: exposure.coverCeiling,
            preShipmentOptionActive: this.policies.isOptionActive(policy, 'PRE_SHIPMENT', shippedOn),
            today: this.clock.today(),
          },
        };
      },
      commandMetadata(context, comment),
      shippedOn,
    );
    return receivableResponse(outcome);
  }
}
