import { Command } from '@nestjs/cqrs';
import { CommandResponseBody, RequestContext } from '@tc/platform';
import { RecordRatingDto } from './record-rating.dto';

export class RecordRatingCommand extends Command<CommandResponseBody> {
  constructor(
    readonly debtorId: string,
    readonly body: RecordRatingDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
