import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CalendarDate, DomainError, addDays, addYears } from '@tc/kernel';
import { PROJECTOR, Projector } from '@tc/projector';
import { READ_STORE, ReadStore, Where } from '@tc/readstore';
import { policyYearsStarted } from '../../domain';
import {
  POLICY_PREMIUMS_PROJECTION,
  POLICY_PREMIUMS_VIEW,
  PREMIUM_TOTALS_VIEW,
  PolicyPremiumDoc,
  PremiumTotalsDoc,
  policyPremiumsProjection,
} from '../../projections/policy-premiums.projection';

export const LOSS_RATIO_FORMULA =
  'lossRatio = indemnitiesCharged ÷ premium, per currency; premium = Σ over policies of max(premiumBilled, premiumDue); ' +
  'premiumBilled = annual premium × policy years started by today; premiumDue = Σ premium due of the turnover declarations; ' +
  'indemnitiesCharged = indemnities charged on approvals, net of released charges; null when the premium is 0';

export interface LossRatioRow {
  readonly currency: string;
  readonly policies: number;
  readonly indemnitiesCharged: number;
  readonly premiumBilled: number;
  readonly premiumDue: number;
  /** Σ max(billed, due) per policy: what the ratio divides by. */
  readonly premium: number;
  /** Rounded to 4 decimals (0.3292 = 32.92 %); null when the premium is 0. */
  readonly ratio: number | null;
}

export interface LossRatio {
  readonly formula: string;
  readonly byCurrency: LossRatioRow[];
}

export const ratioOf = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000);

/** The last effectiveFrom whose `years`-th anniversary is on or before `today` (29 February counts on 28 February). */
export function startedBy(today: CalendarDate, years: number): CalendarDate {
  const candidate = addYears(today, -years);
  const next = addDays(candidate, 1);
  return addYears(next, years) <= today ? next : candidate;
}

/**
 * Loss-ratio figures from the policy-premiums view: one policy from its document; the book per
 * currency from the running totals and, for what depends on today, range sums over
 * `effectiveFrom` (one per policy year started), never a fold over every policy.
 */
@Injectable()
export class PremiumFigures implements OnModuleInit {
  static readonly projection = POLICY_PREMIUMS_PROJECTION;

  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(READ_STORE) private readonly views: ReadStore,
  ) {}

  onModuleInit(): void {
    this.projector.register(policyPremiumsProjection);
  }

  async lossRatio(today: CalendarDate, policyId?: string): Promise<LossRatio> {
    if (policyId !== undefined) {
      const doc = await this.views.get<PolicyPremiumDoc>(POLICY_PREMIUMS_VIEW, policyId);
      if (!doc) throw new DomainError('NOT_FOUND', `no policy ${policyId}`);
      return { formula: LOSS_RATIO_FORMULA, byCurrency: [policyRow(doc, today)] };
    }
    const totals: PremiumTotalsDoc[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await this.views.find<PremiumTotalsDoc>(PREMIUM_TOTALS_VIEW, { limit: 500, cursor });
      totals.push(...page.items);
      cursor = page.nextCursor;
    }
    return { formula: LOSS_RATIO_FORMULA, byCurrency: await Promise.all(totals.map((t) => this.currencyRow(t, today))) };
  }

  private async currencyRow(totals: PremiumTotalsDoc, today: CalendarDate): Promise<LossRatioRow> {
    const { currency } = totals;
    let billed = 0;
    let billedWhereLarger = 0;
    // Policy year j+1 has started for every policy whose effectiveFrom is on or before startedBy(today, j).
    for (let years = 0; years < 1_000; years++) {
      const started: Where = { currency, effectiveFrom: { lte: startedBy(today, years) } };
      const [all] = await this.views.sum(POLICY_PREMIUMS_VIEW, started, ['annualPremium']);
      if (all.count === 0) break;
      const [caughtUp] = await this.views.sum(POLICY_PREMIUMS_VIEW, { ...started, billedCatchesUpOn: { lte: today } }, ['annualPremium']);
      billed += all.sums.annualPremium;
      billedWhereLarger += caughtUp.sums.annualPremium;
    }
    const [dueWhereLarger] = await this.views.sum(POLICY_PREMIUMS_VIEW, { currency, billedCatchesUpOn: { gt: today } }, ['premiumDue']);
    const premium = billedWhereLarger + dueWhereLarger.sums.premiumDue;
    return {
      currency,
      policies: totals.policies,
      indemnitiesCharged: totals.indemnitiesCharged,
      premiumBilled: billed,
      premiumDue: totals.premiumDue,
      premium,
      ratio: ratioOf(totals.indemnitiesCharged, premium),
    };
  }
}

function policyRow(doc: PolicyPremiumDoc, today: CalendarDate): LossRatioRow {
  const premiumBilled = doc.annualPremium * policyYearsStarted(doc.effectiveFrom, today);
  const premium = Math.max(premiumBilled, doc.premiumDue);
  return {
    currency: doc.currency,
    policies: 1,
    indemnitiesCharged: doc.indemnitiesCharged,
    premiumBilled,
    premiumDue: doc.premiumDue,
    premium,
    ratio: ratioOf(doc.indemnitiesCharged, premium),
  };
}
