import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, dateOf, parseInstant } from '@tc/kernel';
import { CommandPipeline, CommandResponseBody, commandMetadata } from '@tc/platform';
import { debtorDecider } from '../../domain';
import { debtorCommandResponse } from '../debtor-response';
import { debtorStreamOf } from '../debtor-stream';
import { DeclareInsolvencyCommand } from './declare-insolvency.command';

@CommandHandler(DeclareInsolvencyCommand)
export class DeclareInsolvencyHandler implements ICommandHandler<DeclareInsolvencyCommand, CommandResponseBody> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ debtorId, body, context }: DeclareInsolvencyCommand): Promise<CommandResponseBody> {
    const outcome = await this.pipeline.execute({
      stream: debtorStreamOf(debtorId),
      decider: debtorDecider,
      command: { type: 'DeclareInsolvency', data: { declaredAt: body.declaredAt, proceeding: body.proceeding, today: this.clock.today() } },
      metadata: commandMetadata(context, body.comment),
      effectiveDate: dateOf(parseInstant(body.declaredAt) ?? this.clock.now()),
    });
    const insolvencyDate = outcome.state.status === 'INSOLVENT' ? outcome.state.insolvency?.insolvencyDate : undefined;
    return { ...debtorCommandResponse(debtorId, outcome), insolvencyDate };
  }
}
