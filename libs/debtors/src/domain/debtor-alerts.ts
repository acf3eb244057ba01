import { CalendarDate } from '@tc/kernel';
import { KnownDebtor } from './debtor.decider';

export type DebtorAlertKind = 'RATING_UPGRADE' | 'RATING_DOWNGRADE' | 'INSOLVENCY';

export interface DebtorAlert {
  readonly kind: DebtorAlertKind;
  /** A rise is informational, a fall a warning, an insolvency critical. */
  readonly severity: 'info' | 'warning' | 'critical';
  readonly date: CalendarDate;
  readonly grade?: number;
  readonly previousGrade?: number;
  readonly proceeding?: string;
}

/** Every rating change and the insolvency raise an alert (DOMAIN.md step 4); a first rating is no change. */
export function debtorAlerts(debtor: KnownDebtor): DebtorAlert[] {
  const alerts: DebtorAlert[] = [];
  debtor.ratings.forEach((rating, i) => {
    const previous = debtor.ratings[i - 1];
    if (!previous || previous.grade === rating.grade) return;
    const fell = rating.grade < previous.grade;
    alerts.push({
      kind: fell ? 'RATING_DOWNGRADE' : 'RATING_UPGRADE',
      severity: fell ? 'warning' : 'info',
      date: rating.ratedOn,
      grade: rating.grade,
      previousGrade: previous.grade,
    });
  });
  if (debtor.insolvency) {
    alerts.push({ kind: 'INSOLVENCY', severity: 'critical', date: debtor.insolvency.insolvencyDate, proceeding: debtor.insolvency.proceeding });
  }
  return alerts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
