import { CalendarDate } from '@tc/kernel';
import { IssuedPolicy, PolicyView, policyView } from '../../domain';

/** A master's figures with its sub-policies', per currency (sub-policies keep their own currency). */
export interface CurrencyRollUp {
  readonly currency: string;
  readonly policies: number;
  readonly annualPremium: number;
  readonly premiumDue: number;
  readonly billed: number;
  readonly indemnitiesChargedThisYear: number;
}

export type PolicyWithRollUp = PolicyView & { readonly revision: number; readonly rollUp?: readonly CurrencyRollUp[] };

export function rollUp(policies: readonly IssuedPolicy[], today: CalendarDate): CurrencyRollUp[] {
  const byCurrency = new Map<string, CurrencyRollUp>();
  for (const policy of policies) {
    const view = policyView(policy, today);
    const sum = byCurrency.get(view.currency) ?? { currency: view.currency, policies: 0, annualPremium: 0, premiumDue: 0, billed: 0, indemnitiesChargedThisYear: 0 };
    byCurrency.set(view.currency, {
      currency: view.currency,
      policies: sum.policies + 1,
      annualPremium: sum.annualPremium + view.annualPremium,
      premiumDue: sum.premiumDue + view.premium.premiumDue,
      billed: sum.billed + view.premium.billed,
      indemnitiesChargedThisYear: sum.indemnitiesChargedThisYear + view.currentPolicyYear.indemnitiesCharged,
    });
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
