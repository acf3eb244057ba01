import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { CommandPipeline, CommandResponseBody, commandMetadata } from '@tc/platform';
import { policyDecider } from '../../domain';
import { policyStreamOf } from '../policy-stream';
import { ActivateOptionCommand } from './activate-option.command';

@CommandHandler(ActivateOptionCommand)
export class ActivateOptionHandler implements ICommandHandler<ActivateOptionCommand, CommandResponseBody> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ policyId, body: { comment, option, effectiveFrom, aggregateFirstLoss }, context }: ActivateOptionCommand): Promise<CommandResponseBody> {
    const today = this.clock.today();
    const outcome = await this.pipeline.execute({
      stream: policyStreamOf(policyId),
      decider: policyDecider,
      command: { type: 'ActivateOption', data: { option, effectiveFrom, aggregateFirstLoss, activatedAt: this.clock.now().toISOString(), today } },
      metadata: commandMetadata(context, comment),
      effectiveDate: today,
    });
    return { id: policyId, status: 'ISSUED', revision: outcome.revision, position: outcome.position ?? null, option, effectiveFrom };
  }
}
