import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsOptional, IsUUID } from 'class-validator';
import { Roles } from '@tc/platform';
import { AfterQuery, ReadSide } from '@tc/projector';
import { ReceivableFigures } from '../receivable-figures';

export class ClaimsDashboardQuery extends AfterQuery {
  @ApiPropertyOptional({ description: 'one policy; default the whole book' }) @IsOptional() @IsUUID() policyId?: string;
}

/** Claims by status (count, insured loss and indemnity per currency) and filing-to-payment time against the 60-day target. */
@ApiTags('dashboards')
@Controller('v1/dashboards/claims')
export class ClaimsDashboardController {
  constructor(
    private readonly receivables: ReceivableFigures,
    private readonly readSide: ReadSide,
  ) {}

  @Get()
  @Roles('claims', 'analyst')
  async get(@Query() { policyId, after }: ClaimsDashboardQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const position = await this.readSide.reached([ReceivableFigures.projection], after);
    if (position) reply.header('X-View-Position', position);
    const stats = await this.receivables.stats(policyId);
    return { policyId: policyId ?? null, byStatus: stats.claims(), filingToPayment: stats.filingToPayment() };
  }
}
