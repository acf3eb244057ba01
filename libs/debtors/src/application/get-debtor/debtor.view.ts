import { CalendarDate } from '@tc/kernel';
import { DebtorAlert, KnownDebtor, Rating, currentGrade, debtorAlerts } from '../../domain';

/** What GET /v1/debtors/:id answers: identity, grade, alerts, insolvency. */
export interface DebtorView {
  readonly id: string;
  readonly legalId: string;
  readonly country: string;
  readonly name: string;
  readonly sector: string;
  readonly status: 'ACTIVE' | 'INSOLVENT';
  readonly registeredAt: string;
  readonly grade: number | null;
  readonly ratedOn: CalendarDate | null;
  readonly ratings: readonly Rating[];
  readonly alerts: readonly DebtorAlert[];
  readonly insolvency: KnownDebtor['insolvency'] | null;
  readonly revision: number;
}

export function toDebtorView(debtor: KnownDebtor, revision: number): DebtorView {
  return {
    id: debtor.debtorId,
    legalId: debtor.legalId,
    country: debtor.country,
    name: debtor.name,
    sector: debtor.sector,
    status: debtor.status,
    registeredAt: debtor.registeredAt,
    grade: currentGrade(debtor),
    ratedOn: debtor.ratings.at(-1)?.ratedOn ?? null,
    ratings: debtor.ratings,
    alerts: debtorAlerts(debtor),
    insolvency: debtor.insolvency ?? null,
    revision,
  };
}
