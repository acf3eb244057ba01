import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsOptional, IsUUID } from 'class-validator';
import { CLOCK, Clock } from '@tc/kernel';
import { ExposureFigures } from '@tc/credit-limits';
import { Roles } from '@tc/platform';
import { PremiumFigures } from '@tc/policies';
import { AfterQuery, ReadSide } from '@tc/projector';
import { ReceivableFigures } from '../receivable-figures';

export class PortfolioDashboardQuery extends AfterQuery {
  @ApiPropertyOptional({ description: 'one policy; default the whole book' }) @IsOptional() @IsUUID() policyId?: string;
}

/**
 * Counts by status, open amounts and outstanding, exposure on the limits, overdue ageing,
 * claims and the loss ratio: of one policy or of the whole book, every amount per currency.
 */
@ApiTags('dashboards')
@Controller('v1/dashboards/portfolio')
export class PortfolioDashboardController {
  constructor(
    private readonly receivables: ReceivableFigures,
    private readonly exposure: ExposureFigures,
    private readonly premiums: PremiumFigures,
    private readonly readSide: ReadSide,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('underwriter', 'claims', 'analyst')
  async get(@Query() { policyId, after }: PortfolioDashboardQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const position = await this.readSide.reached([ReceivableFigures.projection, ExposureFigures.projection, PremiumFigures.projection], after);
    if (position) reply.header('X-View-Position', position);
    const today = this.clock.today();
    const [stats, ageing, exposure, lossRatio] = await Promise.all([
      this.receivables.stats(policyId),
      this.receivables.ageing(today, policyId),
      this.exposure.total(today, policyId),
      this.premiums.lossRatio(today, policyId),
    ]);
    return {
      asOf: today,
      policyId: policyId ?? null,
      receivables: stats.counter('receivables'),
      statuses: stats.statuses(),
      outstanding: stats.openOutstanding(),
      exposure: exposure.map(({ group: _group, label: _label, ...row }) => row),
      ageing,
      claims: stats.claims(),
      lossRatio,
    };
  }
}
