import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { RecordRatingCommand } from './record-rating.command';
import { RecordRatingDto } from './record-rating.dto';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('v1/debtors/:id/ratings')
export class RecordRatingController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Roles('underwriter')
  rate(@Param('id') id: string, @Body() body: RecordRatingDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new RecordRatingCommand(id, body, context));
  }
}
