import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@tc/kernel';
import { CommandPipeline, CommandResponseBody, assertPolicyAccess, commandMetadata } from '@tc/platform';
import { policyDecider } from '../../domain';
import { policyStreamOf } from '../policy-stream';
import { DeclareTurnoverCommand } from './declare-turnover.command';

@CommandHandler(DeclareTurnoverCommand)
export class DeclareTurnoverHandler implements ICommandHandler<DeclareTurnoverCommand, CommandResponseBody> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ policyId, body: { comment, period, insuredTurnover }, context }: DeclareTurnoverCommand): Promise<CommandResponseBody> {
    assertPolicyAccess(context.principal, policyId);
    const today = this.clock.today();
    const outcome = await this.pipeline.execute({
      stream: policyStreamOf(policyId),
      decider: policyDecider,
      command: { type: 'DeclareTurnover', data: { period, insuredTurnover, declaredAt: this.clock.now().toISOString(), today } },
      metadata: commandMetadata(context, comment),
      effectiveDate: today,
    });
    const declared = outcome.events.find((e) => e.type === 'TurnoverDeclared');
    return {
      id: policyId,
      status: 'ISSUED',
      revision: outcome.revision,
      position: outcome.position ?? null,
      period,
      insuredTurnover,
      premiumDue: declared?.type === 'TurnoverDeclared' ? declared.data.premiumDue : undefined,
    };
  }
}
