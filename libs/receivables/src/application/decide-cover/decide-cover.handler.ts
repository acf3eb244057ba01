import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { commandMetadata } from '@tc/platform';
import { ReceivableResponse, receivableResponse } from '../receivable-response';
import { ReceivableWorkflow } from '../receivable-workflow';
import { DecideCoverCommand } from './decide-cover.command';

@CommandHandler(DecideCoverCommand)
export class DecideCoverHandler implements ICommandHandler<DecideCoverCommand, ReceivableResponse> {
  constructor(
    private readonly workflow: ReceivableWorkflow,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ receivableId, body: { comment, decidedAt, ...decision }, context }: DecideCoverCommand): Promise<ReceivableResponse> {
    const data = { ...decision, decidedAt: decidedAt ?? this.clock.now().toISOString(), automatic: false, today: this.clock.today() };
    return receivableResponse(await this.workflow.decideCover(receivableId, data, commandMetadata(context, comment)));
  }
}
