import { CalendarDate, addDays } from '@tc/kernel';
import {
  Receivable,
  ReceivableState,
  collectionHandoverDateOf,
  coverVoidingDateOf,
  declarationDeadlineOf,
  isOpen,
  isRegistered,
  overdueFrom,
  reminderDateOf,
  waitingPeriodEndOf,
} from './receivable.state';

export type DunningStepKind = 'COVER_EXPIRY' | 'OVERDUE' | 'REMINDER' | 'DECLARATION_DEADLINE' | 'COVER_VOIDING' | 'COLLECTION_HANDOVER' | 'WAITING_PERIOD_END';

export interface DunningStep {
  readonly kind: DunningStepKind;
  readonly date: CalendarDate;
  /** Still to happen given the state (a timer to keep, a deadline still running). */
  readonly pending: boolean;
  /** For REMINDER: 1, 2, … in the order of the policy's reminderDays. */
  readonly reminderNumber: number | null;
}

/**
 * DOMAIN.md step 5 as dates, from the due date and the policy terms copied at registration:
 * OVERDUE due + 1, each reminder due + reminderDays[i], the declaration deadline due +
 * overdueDeclarationDays (cover voided the day after if undeclared), automatic hand-over due
 * + collectionHandoverDays, end of the waiting period due + waitingPeriodDays. Timers run
 * only for a shipped, open receivable and all stop once a claim is filed; the hand-over is
 * skipped while disputed or once handed over.
 */
export function dunningSchedule(state: ReceivableState): DunningStep[] {
  if (!isRegistered(state)) return [];
  const r: Receivable = state;
  const running = r.shipment !== null && isOpen(r) && r.claim === null;
  const undeclared = r.declaration === null && r.coverVoided === null;
  const step = (kind: DunningStepKind, date: CalendarDate, pending: boolean, reminderNumber: number | null = null): DunningStep => ({
    kind,
    date,
    pending: running && pending,
    reminderNumber,
  });
  const steps = [
    step('OVERDUE', overdueFrom(r), r.overdueSince === null),
    ...r.terms.reminderDays.map((_, i) => step('REMINDER', reminderDateOf(r, i + 1), !r.reminders.some((s) => s.reminderNumber === i + 1), i + 1)),
    step('DECLARATION_DEADLINE', declarationDeadlineOf(r), undeclared),
    step('COVER_VOIDING', coverVoidingDateOf(r), undeclared),
    step('COLLECTION_HANDOVER', collectionHandoverDateOf(r), r.collection === null && r.dispute === null),
    step('WAITING_PERIOD_END', waitingPeriodEndOf(r), r.waitingPeriodEndedOn === null),
  ];
  // Before shipment, the one timer is the lapse of a granted cover that was never used.
  const validUntil = r.cover && r.cover.decision !== 'REFUSED' ? r.cover.validUntil : null;
  if (validUntil && r.shipment === null) {
    steps.unshift({ kind: 'COVER_EXPIRY', date: addDays(validUntil, 1), pending: isOpen(r) && r.coverExpiredOn === null, reminderNumber: null });
  }
  // Stable: same-day steps keep the order above.
  return steps.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
