import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { DeclareTurnoverCommand } from './declare-turnover.command';
import { DeclareTurnoverDto } from './declare-turnover.dto';

@ApiTags('policies')
@Controller('v1/policies/:id/turnover-declarations')
export class DeclareTurnoverController {
  constructor(private readonly commands: CommandBus) {}

  /** One declaration per period (nil allowed); records the premium due at the policy's rate. */
  @Post()
  @Roles('underwriter', 'integration')
  declare(@Param('id') id: string, @Body() body: DeclareTurnoverDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new DeclareTurnoverCommand(id, body, context));
  }
}
