import { Command } from '@nestjs/cqrs';
import { CommandResponseBody, RequestContext } from '@tc/platform';
import { IssuePolicyDto } from './issue-policy.dto';

export class IssuePolicyCommand extends Command<CommandResponseBody> {
  constructor(
    readonly body: IssuePolicyDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
