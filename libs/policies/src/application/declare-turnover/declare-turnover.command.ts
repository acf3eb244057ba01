import { Command } from '@nestjs/cqrs';
import { CommandResponseBody, RequestContext } from '@tc/platform';
import { DeclareTurnoverDto } from './declare-turnover.dto';

export class DeclareTurnoverCommand extends Command<CommandResponseBody> {
  constructor(
    readonly policyId: string,
    readonly body: DeclareTurnoverDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
