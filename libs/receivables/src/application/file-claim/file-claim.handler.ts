import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { DebtorsFacade } from '@tc/debtors';
import { PoliciesFacade } from '@tc/policies';
import { RequestContext, assertPolicyAccess, commandMetadata } from '@tc/platform';
import { ReceivableResponse, receivableResponse } from '../receivable-response';
import { ReceivableWorkflow, factDay } from '../receivable-workflow';
import { FileClaimDto } from './file-claim.dto';

export class FileClaimCommand extends Command<ReceivableResponse> {
  constructor(
    readonly receivableId: string,
    readonly body: FileClaimDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(FileClaimCommand)
export class FileClaimHandler implements ICommandHandler<FileClaimCommand, ReceivableResponse> {
  constructor(
    private readonly workflow: ReceivableWorkflow,
    private readonly policies: PoliciesFacade,
    private readonly debtors: DebtorsFacade,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ receivableId, body: { comment, ...claim }, context }: FileClaimCommand): Promise<ReceivableResponse> {
    const filedOn = factDay(claim.filedAt, this.clock);
    const outcome = await this.workflow.run(
      receivableId,
      async (receivable) => {
        assertPolicyAccess(context.principal, receivable.policyId);
        const [{ policy }, debtor] = await Promise.all([this.policies.get(receivable.policyId), this.debtors.get(receivable.debtorId)]);
        const shippedOn = receivable.shipment?.shippedOn;
        return {
          type: 'FileClaim',
          data: {
            ...claim,
            debtorInsolvencyDate: debtor.insolvencyDate,
            politicalRiskActiveOnShipment: shippedOn !== undefined && this.policies.isOptionActive(policy, 'POLITICAL_RISK', shippedOn),
            preShipmentOptionActive: this.policies.isOptionActive(policy, 'PRE_SHIPMENT', debtor.insolvencyDate ?? filedOn),
            today: this.clock.today(),
          },
        };
      },
      commandMetadata(context, comment),
      filedOn,
    );
    return receivableResponse(outcome);
  }
}
