import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { RegisterReceivableCommand } from './register-receivable.command';
import { RegisterReceivableDto } from './register-receivable.dto';

@ApiTags('receivables')
@Controller('v1/receivables')
export class RegisterReceivableController {
  constructor(private readonly commands: CommandBus) {}

  /** Step 1 (registration and cover request), and step 2 when the discretionary rules decide it at once. */
  @Post()
  @Roles('underwriter', 'integration')
  async register(@Body() body: RegisterReceivableDto, @Ctx() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.commands.execute(new RegisterReceivableCommand(body, context));
    reply.header('Location', `/v1/receivables/${result.id}`);
    return result;
  }
}
