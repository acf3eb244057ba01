import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, dateOf, parseInstant } from '@tc/kernel';
import { CommandPipeline, CommandResponseBody, commandMetadata } from '@tc/platform';
import { currentGrade, debtorDecider } from '../../domain';
import { debtorCommandResponse } from '../debtor-response';
import { debtorStreamOf } from '../debtor-stream';
import { RecordRatingCommand } from './record-rating.command';

@CommandHandler(RecordRatingCommand)
export class RecordRatingHandler implements ICommandHandler<RecordRatingCommand, CommandResponseBody> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ debtorId, body, context }: RecordRatingCommand): Promise<CommandResponseBody> {
    const outcome = await this.pipeline.execute({
      stream: debtorStreamOf(debtorId),
      decider: debtorDecider,
      command: { type: 'RecordRating', data: { grade: body.grade, ratedAt: body.ratedAt, source: body.source, today: this.clock.today() } },
      metadata: commandMetadata(context, body.comment),
      effectiveDate: dateOf(parseInstant(body.ratedAt) ?? this.clock.now()),
    });
    const grade = outcome.state.status === 'UNKNOWN' ? null : currentGrade(outcome.state);
    return { ...debtorCommandResponse(debtorId, outcome), grade };
  }
}
