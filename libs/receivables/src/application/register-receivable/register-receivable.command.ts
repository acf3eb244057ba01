import { Command } from '@nestjs/cqrs';
import { RequestContext } from '@tc/platform';
import { ReceivableResponse } from '../receivable-response';
import { RegisterReceivableDto } from './register-receivable.dto';

export class RegisterReceivableCommand extends Command<ReceivableResponse> {
  constructor(
    readonly body: RegisterReceivableDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
