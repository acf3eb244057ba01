import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CalendarDate } from '@tc/kernel';
import { PROJECTOR, Projector } from '@tc/projector';
import { READ_STORE, ReadStore, Where } from '@tc/readstore';
import {
  ALL_LIMITS_SCOPE,
  CREDIT_EXPOSURE_PROJECTION,
  LIMIT_CHANGES_VIEW,
  EXPOSURE_GROUPS_VIEW,
  ExposureGroupBy,
  ExposureGroupDoc,
  LIMIT_SEGMENTS_VIEW,
  creditExposureProjection,
  policyLimitsScope,
} from '../../projections/credit-exposure.projection';

export interface ExposureRow {
  /** The debtor or policy id, the sector code or the country code. */
  readonly group: string;
  /** The debtor's name for a debtor group; the group itself otherwise. */
  readonly label: string;
  /** Policy currency of the limits in this row: figures are never summed across currencies. */
  readonly currency: string;
  /** Reserved on the limits (policy currency, minor units). */
  readonly exposure: number;
  /** Limit in force today: named or discretionary amount plus active top-ups. */
  readonly limit: number;
  /** max(0, limit − exposure). */
  readonly available: number;
  /** exposure ÷ limit, 4 decimals; null when the limit is 0. */
  readonly utilisation: number | null;
  /** Policy × debtor limits in the group. */
  readonly limits: number;
}

/** Which segment field a group is keyed by. */
const SEGMENT_FIELD: Record<ExposureGroupBy, string> = { debtor: 'debtorId', sector: 'sector', country: 'country', policy: 'policyId' };

export const utilisationOf = (exposure: number, limit: number): number | null => (limit === 0 ? null : Math.round((exposure / limit) * 10_000) / 10_000);

/**
 * Exposure figures from the credit-exposure views: the reserved exposure per group from its
 * running total; the limit in force today per group from one indexed range sum per currency
 * over the limit schedule (`from ≤ today ≤ until`), and for the whole book or a policy from
 * the sum of the limit changes dated up to today.
 */
@Injectable()
export class ExposureFigures implements OnModuleInit {
  static readonly projection = CREDIT_EXPOSURE_PROJECTION;

  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(READ_STORE) private readonly views: ReadStore,
  ) {}

  onModuleInit(): void {
    this.projector.register(creditExposureProjection);
  }

  async byGroup(groupBy: ExposureGroupBy, today: CalendarDate): Promise<ExposureRow[]> {
    const groups = await this.groups({ groupBy });
    const field = SEGMENT_FIELD[groupBy];
    const limits = new Map<string, number>();
    for (const currency of new Set(groups.map((g) => g.currency))) {
      const rows = await this.views.sum(LIMIT_SEGMENTS_VIEW, { currency, ...inForce(today) }, ['amount'], field);
      for (const row of rows) limits.set(`${row.group}|${currency}`, row.sums.amount);
    }
    return groups.map((g) => rowOf(g, limits.get(`${g.key}|${g.currency}`) ?? 0)).sort((a, b) => compare(a.group, b.group) || compare(a.currency, b.currency));
  }

  /** One policy, or the whole book: per currency. */
  async total(today: CalendarDate, policyId?: string): Promise<ExposureRow[]> {
    const groups = await this.groups(policyId === undefined ? { groupBy: 'all', key: 'all' } : { groupBy: 'policy', key: policyId });
    const scope = policyId === undefined ? ALL_LIMITS_SCOPE : policyLimitsScope(policyId);
    const rows = await this.views.sum(LIMIT_CHANGES_VIEW, { scope, date: { lte: today } }, ['amount'], 'currency');
    const limits = new Map(rows.map((row) => [String(row.group), row.sums.amount]));
    return groups.map((g) => rowOf(g, limits.get(g.currency) ?? 0)).sort((a, b) => compare(a.currency, b.currency));
  }

  private async groups(where: Where): Promise<ExposureGroupDoc[]> {
    const docs: ExposureGroupDoc[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await this.views.find<ExposureGroupDoc>(EXPOSURE_GROUPS_VIEW, { where, limit: 500, cursor });
      docs.push(...page.items);
      cursor = page.nextCursor;
    }
    return docs;
  }
}

const inForce = (today: CalendarDate): Where => ({ from: { lte: today }, until: { gte: today } });

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rowOf(group: ExposureGroupDoc, limit: number): ExposureRow {
  return {
    group: group.key,
    label: group.label,
    currency: group.currency,
    exposure: group.reserved,
    limit,
    available: Math.max(0, limit - group.reserved),
    utilisation: utilisationOf(group.reserved, limit),
    limits: group.pairs,
  };
}
