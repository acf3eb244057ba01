import { Command } from '@nestjs/cqrs';
import { CommandResponseBody, RequestContext } from '@tc/platform';
import { DeclareInsolvencyDto } from './declare-insolvency.dto';

export class DeclareInsolvencyCommand extends Command<CommandResponseBody> {
  constructor(
    readonly debtorId: string,
    readonly body: DeclareInsolvencyDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
