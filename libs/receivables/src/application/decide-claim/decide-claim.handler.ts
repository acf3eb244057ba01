import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { RequestContext, commandMetadata } from '@tc/platform';
import { ReceivableResponse, receivableResponse } from '../receivable-response';
import { ReceivableWorkflow } from '../receivable-workflow';
import { DecideClaimDto } from './decide-claim.dto';

export class DecideClaimCommand extends Command<ReceivableResponse> {
  constructor(
    readonly receivableId: string,
    readonly body: DecideClaimDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** The server computes the indemnity (on the policy: first loss, insured %, deductible, threshold, maximum liability). */
@CommandHandler(DecideClaimCommand)
export class DecideClaimHandler implements ICommandHandler<DecideClaimCommand, ReceivableResponse> {
  constructor(
    private readonly workflow: ReceivableWorkflow,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ receivableId, body: { comment, ...decision }, context }: DecideClaimCommand): Promise<ReceivableResponse> {
    const outcome = await this.workflow.decideClaim(receivableId, { ...decision, today: this.clock.today() }, commandMetadata(context, comment));
    return receivableResponse(outcome);
  }
}
