import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { DecideClaimCommand } from './decide-claim.handler';
import { DecideClaimDto } from './decide-claim.dto';

@ApiTags('receivables')
@Controller('v1/receivables/:id/claim-decision')
export class DecideClaimController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Roles('claims')
  decide(@Param('id') id: string, @Body() body: DecideClaimDto, @Ctx() context: RequestContext) {
    return this.commands.execute(new DecideClaimCommand(id, body, context));
  }
}
