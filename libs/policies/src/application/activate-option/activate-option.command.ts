import { Command } from '@nestjs/cqrs';
import { CommandResponseBody, RequestContext } from '@tc/platform';
import { ActivateOptionDto } from './activate-option.dto';

export class ActivateOptionCommand extends Command<CommandResponseBody> {
  constructor(
    readonly policyId: string,
    readonly body: ActivateOptionDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
