import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { HealthRegistry, HealthReport } from './health.registry';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'every store is ready' })
  @ApiServiceUnavailableResponse({ description: 'a store is not ready; the body says which' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.registry.report();
    if (report.status !== 'ok') reply.status(503);
    return report;
  }
}
