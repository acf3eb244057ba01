import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, RequestContext, Roles } from '@tc/platform';
import { IssuePolicyCommand } from './issue-policy.command';
import { IssuePolicyDto } from './issue-policy.dto';

@ApiTags('policies')
@Controller('v1/policies')
export class IssuePolicyController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('underwriter')
  async issue(@Body() body: IssuePolicyDto, @Ctx() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.commands.execute(new IssuePolicyCommand(body, context));
    reply.header('Location', `/v1/policies/${result.id}`);
    return result;
  }
}
