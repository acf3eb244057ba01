import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { DeclareInsolvencyCommand } from './declare-insolvency.command';
import { DeclareInsolvencyDto } from './declare-insolvency.dto';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('v1/debtors/:id/insolvency')
export class DeclareInsolvencyController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Roles('underwriter', 'claims')
  declare(@Param('id') id: string, @Body() body: DeclareInsolvencyDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new DeclareInsolvencyCommand(id, body, context));
  }
}
