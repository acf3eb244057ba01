import { Command } from '@nestjs/cqrs';
import { RequestContext } from '@tc/platform';
import { ReceivableResponse } from '../receivable-response';
import { DecideCoverDto } from './decide-cover.dto';

export class DecideCoverCommand extends Command<ReceivableResponse> {
  constructor(
    readonly receivableId: string,
    readonly body: DecideCoverDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
