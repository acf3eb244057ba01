import { CalendarDate, addYears } from '@tc/kernel';
import { Projection, ProjectionTx } from '@tc/projector';
import { PolicyEvent } from '../domain';

/**
 * Premium and indemnities per policy, for the loss ratio (indemnities charged ÷ premium).
 * One document per policy (`policy_premiums`) with its annual premium, the premium due of its
 * turnover declarations and the indemnities charged (net of released charges); one running
 * total per currency (`premium_totals`), moved by each event. The premium billed grows with
 * the policy years started by today, so it is summed at query time with range queries on
 * `effectiveFrom` (and `billedCatchesUpOn`, see below), never by folding every policy.
 */
export const POLICY_PREMIUMS_PROJECTION = 'policy-premiums';
export const POLICY_PREMIUMS_VIEW = 'policy_premiums';
export const PREMIUM_TOTALS_VIEW = 'premium_totals';

export const FIRST_DAY: CalendarDate = '0001-01-01';
export const LAST_DAY: CalendarDate = '9999-12-31';

export interface PolicyPremiumDoc {
  readonly id: string;
  readonly currency: string;
  readonly product: string;
  readonly effectiveFrom: CalendarDate;
  readonly annualPremium: number;
  readonly premiumDue: number;
  readonly indemnitiesCharged: number;
  /**
   * From this date on, the premium billed (annual premium × policy years started) is at least
   * the premium due: the first day of policy year ⌈due ÷ annual premium⌉. The premium a loss
   * ratio divides by, max(billed, due), is the billed premium from that day and the due
   * premium before it: two indexed sums.
   */
  readonly billedCatchesUpOn: CalendarDate;
  readonly parentPolicyId: string | null;
  [field: string]: unknown;
}

export interface PremiumTotalsDoc {
  readonly id: string;
  readonly currency: string;
  readonly policies: number;
  readonly premiumDue: number;
  readonly indemnitiesCharged: number;
  [field: string]: unknown;
}

export function billedCatchesUpOn(effectiveFrom: CalendarDate, annualPremium: number, premiumDue: number): CalendarDate {
  if (premiumDue <= 0) return FIRST_DAY;
  if (annualPremium <= 0) return LAST_DAY;
  return addYears(effectiveFrom, Math.ceil(premiumDue / annualPremium) - 1);
}

type Change = Pick<PolicyPremiumDoc, 'premiumDue' | 'indemnitiesCharged'>;

function changed(doc: PolicyPremiumDoc, change: Partial<Change>): PolicyPremiumDoc {
  const next = { ...doc, ...change };
  return { ...next, billedCatchesUpOn: billedCatchesUpOn(next.effectiveFrom, next.annualPremium, next.premiumDue) };
}

async function moveTotals(tx: ProjectionTx, currency: string, delta: Change & { policies: number }): Promise<void> {
  const totals = (await tx.get<PremiumTotalsDoc>(PREMIUM_TOTALS_VIEW, currency)) ?? { id: currency, currency, policies: 0, premiumDue: 0, indemnitiesCharged: 0 };
  tx.put(PREMIUM_TOTALS_VIEW, currency, {
    ...totals,
    policies: totals.policies + delta.policies,
    premiumDue: totals.premiumDue + delta.premiumDue,
    indemnitiesCharged: totals.indemnitiesCharged + delta.indemnitiesCharged,
  });
}

export const policyPremiumsProjection: Projection = {
  name: POLICY_PREMIUMS_PROJECTION,
  version: 1,
  views: [
    {
      name: POLICY_PREMIUMS_VIEW,
      fields: { currency: 'string', effectiveFrom: 'date', billedCatchesUpOn: 'date', annualPremium: 'number', premiumDue: 'number' },
      compound: [
        ['currency', 'effectiveFrom'],
        ['currency', 'billedCatchesUpOn'],
      ],
    },
    { name: PREMIUM_TOTALS_VIEW, fields: {} },
  ],
  eventTypes: ['PolicyIssued', 'TurnoverDeclared', 'IndemnityCharged', 'IndemnityChargeReleased'],
  streamPrefixes: ['policy-'],
  async apply(stored, tx) {
    const event = stored as unknown as PolicyEvent;
    if (event.type === 'PolicyIssued') {
      const { policyId, currency, product, effectiveFrom, annualPremium, parentPolicyId } = event.data;
      const doc = changed({ id: policyId, currency, product, effectiveFrom, annualPremium, premiumDue: 0, indemnitiesCharged: 0, billedCatchesUpOn: FIRST_DAY, parentPolicyId }, {});
      tx.put(POLICY_PREMIUMS_VIEW, policyId, doc);
      await moveTotals(tx, currency, { policies: 1, premiumDue: 0, indemnitiesCharged: 0 });
      return;
    }
    const policyId = (event.data as { policyId: string }).policyId;
    const doc = await tx.get<PolicyPremiumDoc>(POLICY_PREMIUMS_VIEW, policyId);
    if (!doc) return;
    const delta: Change =
      event.type === 'TurnoverDeclared'
        ? { premiumDue: event.data.premiumDue, indemnitiesCharged: 0 }
        : event.type === 'IndemnityCharged'
          ? { premiumDue: 0, indemnitiesCharged: event.data.indemnity }
          : event.type === 'IndemnityChargeReleased'
            ? { premiumDue: 0, indemnitiesCharged: -event.data.indemnity }
            : { premiumDue: 0, indemnitiesCharged: 0 };
    if (delta.premiumDue === 0 && delta.indemnitiesCharged === 0) return;
    tx.put(POLICY_PREMIUMS_VIEW, policyId, changed(doc, { premiumDue: doc.premiumDue + delta.premiumDue, indemnitiesCharged: doc.indemnitiesCharged + delta.indemnitiesCharged }));
    await moveTotals(tx, doc.currency, { policies: 0, ...delta });
  },
};
