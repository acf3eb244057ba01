import { Command } from '@nestjs/cqrs';
import { CommandResponseBody, RequestContext } from '@tc/platform';
import { RegisterDebtorDto } from './register-debtor.dto';

export class RegisterDebtorCommand extends Command<CommandResponseBody> {
  constructor(
    readonly body: RegisterDebtorDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
