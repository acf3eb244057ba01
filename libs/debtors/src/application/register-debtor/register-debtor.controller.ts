import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { RegisterDebtorCommand } from './register-debtor.command';
import { RegisterDebtorDto } from './register-debtor.dto';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('v1/debtors')
export class RegisterDebtorController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('underwriter', 'integration')
  async register(@Body() body: RegisterDebtorDto, @Ctx() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.commands.execute(new RegisterDebtorCommand(body, context));
    reply.header('Location', `/v1/debtors/${result.id}`);
    return result;
  }
}
