import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsIn } from 'class-validator';
import { CLOCK, Clock } from '@tc/kernel';
import { Roles } from '@tc/platform';
import { AfterQuery, ReadSide } from '@tc/projector';
import { ExposureGroupBy } from '../../projections/credit-exposure.projection';
import { ExposureFigures, ExposureRow } from './exposure-figures';

const GROUPS: readonly ExposureGroupBy[] = ['debtor', 'sector', 'country', 'policy'];

export class ExposureDashboardQuery extends AfterQuery {
  @ApiProperty({ enum: GROUPS }) @IsIn(GROUPS) groupBy!: ExposureGroupBy;
}

export interface ExposureDashboard {
  /** The clock's today: the limits in force are those of this date. */
  readonly asOf: string;
  readonly groupBy: ExposureGroupBy;
  readonly items: ExposureRow[];
}

/** Exposure, limit in force and utilisation per debtor, sector, country or policy (one row per group and currency). */
@ApiTags('dashboards')
@Controller('v1/dashboards/exposure')
export class ExposureDashboardController {
  constructor(
    private readonly figures: ExposureFigures,
    private readonly readSide: ReadSide,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('underwriter', 'analyst')
  async get(@Query() query: ExposureDashboardQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<ExposureDashboard> {
    const position = await this.readSide.reached([ExposureFigures.projection], query.after);
    if (position) reply.header('X-View-Position', position);
    const today = this.clock.today();
    return { asOf: today, groupBy: query.groupBy, items: await this.figures.byGroup(query.groupBy, today) };
  }
}
