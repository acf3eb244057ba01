import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, CalendarDate, Clock } from '@tc/kernel';
import { RequestContext, assertPolicyAccess, commandMetadata } from '@tc/platform';
import { Receivable, ReceivableCommand } from '../domain';
import { ReceivableResponse, receivableResponse } from './receivable-response';
import { ReceivableWorkflow, factDay } from './receivable-workflow';

/**
 * A step that needs nothing but the receivable itself (payments, disputes, declarations,
 * collection, indemnity payment, recoveries, closure): the controller maps its body to the
 * domain command; this one handler runs them all through the workflow.
 */
export class ReceivableStepCommand extends Command<ReceivableResponse> {
  constructor(
    readonly receivableId: string,
    readonly command: (today: CalendarDate, receivable: Receivable) => ReceivableCommand,
    /** The `…At` field dating the fact. */
    readonly factAt: string | undefined,
    readonly context: RequestContext,
    readonly comment?: string,
  ) {
    super();
  }
}

@CommandHandler(ReceivableStepCommand)
export class ReceivableStepHandler implements ICommandHandler<ReceivableStepCommand, ReceivableResponse> {
  constructor(
    private readonly workflow: ReceivableWorkflow,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ receivableId, command, factAt, context, comment }: ReceivableStepCommand): Promise<ReceivableResponse> {
    const outcome = await this.workflow.run(
      receivableId,
      (receivable) => {
        assertPolicyAccess(context.principal, receivable.policyId);
        return command(this.clock.today(), receivable);
      },
      commandMetadata(context, comment),
      factDay(factAt, this.clock),
    );
    return receivableResponse(outcome);
  }
}
