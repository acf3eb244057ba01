import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { FileClaimCommand } from './file-claim.handler';
import { FileClaimDto } from './file-claim.dto';

@ApiTags('receivables')
@Controller('v1/receivables/:id/claims')
export class FileClaimController {
  constructor(private readonly commands: CommandBus) {}

  /** Step 6: insolvency (from the insolvency date), protracted default (after the waiting period), political (with the option). */
  @Post()
  @Roles('claims', 'integration')
  file(@Param('id') id: string, @Body() body: FileClaimDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new FileClaimCommand(id, body, context));
  }
}
