import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { ActivateOptionCommand } from './activate-option.command';
import { ActivateOptionDto } from './activate-option.dto';

@ApiTags('policies')
@Controller('v1/policies/:id/options')
export class ActivateOptionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Roles('underwriter')
  activate(@Param('id') id: string, @Body() body: ActivateOptionDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new ActivateOptionCommand(id, body, context));
  }
}
