import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK, Clock } from '@tc/kernel';
import { Roles } from '@tc/platform';
import { AfterQuery, ReadSide } from '@tc/projector';
import { DECISION_TARGET_HOURS } from '../../projections/receivable-stats';
import { ReceivableFigures } from '../receivable-figures';

/** The pending requests listed, oldest first. */
const OLDEST_PENDING = 20;

/**
 * Cover decision turnaround (request to decision) against the 24-hour target, automatic and
 * manual apart, and the requests still waiting with their age by the service clock.
 */
@ApiTags('dashboards')
@Controller('v1/dashboards/decisions')
export class DecisionsDashboardController {
  constructor(
    private readonly receivables: ReceivableFigures,
    private readonly readSide: ReadSide,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('underwriter', 'analyst')
  async get(@Query() { after }: AfterQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const position = await this.readSide.reached([ReceivableFigures.projection], after);
    if (position) reply.header('X-View-Position', position);
    const now = this.clock.now();
    const [stats, pending] = await Promise.all([this.receivables.stats(), this.receivables.pendingRequests(now, OLDEST_PENDING)]);
    return {
      asOf: now.toISOString(),
      targetHours: DECISION_TARGET_HOURS,
      decided: stats.turnaround(['automatic', 'manual']),
      automatic: stats.turnaround(['automatic']),
      manual: stats.turnaround(['manual']),
      byDecision: { GRANTED: stats.counter('decision:GRANTED'), PARTIAL: stats.counter('decision:PARTIAL'), REFUSED: stats.counter('decision:REFUSED') },
      pending,
    };
  }
}
