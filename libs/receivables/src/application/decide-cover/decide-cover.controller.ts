import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { DecideCoverCommand } from './decide-cover.command';
import { DecideCoverDto } from './decide-cover.dto';

@ApiTags('receivables')
@Controller('v1/receivables/:id/cover-decision')
export class DecideCoverController {
  constructor(private readonly commands: CommandBus) {}

  /** Step 2 by an underwriter: never beyond the headroom of the limit in force (422 INSUFFICIENT_HEADROOM). */
  @Post()
  @HttpCode(200)
  @Roles('underwriter')
  decide(@Param('id') id: string, @Body() body: DecideCoverDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new DecideCoverCommand(id, body, context));
  }
}
