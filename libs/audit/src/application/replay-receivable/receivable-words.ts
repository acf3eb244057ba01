import { assertNever } from '@tc/kernel';
import { ReceivableEvent, ReceivableView } from '@tc/receivables';
import { moneyWords } from './money-words';

const CLAIM_REASONS = { INSOLVENCY: 'insolvency', PROTRACTED_DEFAULT: 'protracted default', POLITICAL: 'political risk' } as const;
const UNINSURED = {
  COVER_REFUSED: 'cover was refused',
  SHIPPED_BEFORE_DECISION: 'shipped before the cover decision',
  COVER_EXPIRED: 'the cover was no longer valid',
  DEBTOR_INSOLVENT: 'the debtor is insolvent',
} as const;
const MONEY_MOVES: ReadonlySet<ReceivableEvent['type']> = new Set(['PaymentRecorded', 'CollectionRecoveryRecorded', 'RecoveryRecorded']);

/**
 * One event of a receivable in an auditor's words, from the event and the state after it
 * (the receivable's own view): "payment of 10,000.00 EUR received; outstanding 50,000.00 EUR".
 */
export function describeReceivableEvent(event: ReceivableEvent, after: ReceivableView, before: ReceivableView | null): string {
  const fact = factOf(event, after);
  const outstanding = MONEY_MOVES.has(event.type) ? `; outstanding ${moneyWords(after.outstanding, after.currency)}` : '';
  const status = before?.status !== after.status ? `; status ${after.status}` : '';
  return `${fact}${outstanding}${status}`;
}

function factOf(event: ReceivableEvent, r: ReceivableView): string {
  const own = (minor: number) => moneyWords(minor, r.currency);
  const policy = (minor: number) => moneyWords(minor, r.policyCurrency);
  const because = (reason: string | null) => (reason ? ` (${reason})` : '');
  switch (event.type) {
    case 'ReceivableRegistered': {
      const d = event.data;
      return `invoice ${d.invoiceNumber} of ${own(d.amount)} registered, dated ${d.invoiceDate}, due ${d.dueDate}; cover requested: ${policy(d.requestedCover)}`;
    }
    case 'CoverGranted': {
      const d = event.data;
      const how = d.decision === 'PARTIAL' ? 'granted in part' : 'granted';
      return `cover ${how}: ${policy(d.amount)}, valid until ${d.validUntil}${d.automatic ? ' (automatic decision)' : ''}${because(d.reason)}`;
    }
    case 'CoverRefused':
      return `cover refused${event.data.automatic ? ' (automatic decision)' : ''}${because(event.data.reason)}`;
    case 'Shipped': {
      const d = event.data;
      return d.insured
        ? `shipped on ${d.shippedOn}: insured, cover in force ${policy(d.coverInForce)}`
        : `shipped on ${d.shippedOn}: not insured, because ${d.uninsuredReason ? UNINSURED[d.uninsuredReason] : 'no cover was in force'}`;
    }
    case 'AlertRecorded': {
      const d = event.data;
      if (d.kind === 'INSOLVENCY') return `alert: the debtor was declared insolvent on ${d.insolvencyDate ?? d.date}`;
      const moved = d.kind === 'RATING_DOWNGRADE' ? 'fell' : 'rose';
      return `${d.kind === 'RATING_DOWNGRADE' ? 'alert' : 'information'}: the debtor's rating ${moved} from ${d.previousGrade ?? 'none'} to ${d.grade} on ${d.date}`;
    }
    case 'MarkedOverdue':
      return `unpaid after the due date: overdue since ${event.data.overdueSince}`;
    case 'WaitingPeriodEnded':
      return `waiting period ended on ${event.data.endedOn}${event.data.claimableForProtractedDefault ? ': a protracted-default claim may now be filed' : ''}`;
    case 'CoverExpired':
      return `cover lapsed unused: valid until ${event.data.validUntil}, nothing shipped by then`;
    case 'ReminderSent':
      return `reminder ${event.data.reminderNumber} sent on ${event.data.sentOn}`;
    case 'OverdueDeclared': {
      const d = event.data;
      return `overdue declared on ${d.declaredOn} (deadline ${d.deadline}: ${d.late ? 'late, the cover is voided' : 'in time'})`;
    }
    case 'CoverVoided':
      return `cover voided: the overdue was not declared by ${event.data.deadline}`;
    case 'HandedOverToCollection':
      return event.data.automatic
        ? `handed to collection automatically on ${event.data.handedOverOn}`
        : `handed to collection (${event.data.agency}) on ${event.data.handedOverOn}`;
    case 'CollectionRecoveryRecorded':
      return `collection recovered ${own(event.data.amount)}`;
    case 'DisputeOpened':
      return `dispute opened (${event.data.reason}): cover suspended`;
    case 'DisputeResolved':
      return event.data.outcome === 'UPHELD' ? 'dispute resolved: the debt stands, cover restored' : 'dispute resolved: the invoice is cancelled';
    case 'ClaimFiled': {
      const d = event.data;
      return `${CLAIM_REASONS[d.reason]} claim filed; date of loss ${d.dateOfLoss}; insured loss ${policy(d.insuredLoss)}`;
    }
    case 'ClaimApproved':
      return `claim approved: insured loss ${policy(event.data.insuredLoss)}, indemnity ${policy(event.data.indemnity)}`;
    case 'ClaimRejected':
      return `claim rejected${because(event.data.reason)}`;
    case 'IndemnityPaid': {
      const d = event.data;
      return `indemnity of ${policy(d.indemnity)} paid, ${d.daysToPayment} days after filing (${d.withinTarget ? 'within' : 'beyond'} the 60-day target)`;
    }
    case 'RecoveryRecorded': {
      const d = event.data;
      return `recovery of ${own(d.amount)} after the indemnity: insurer ${policy(d.insurerShare)}, insured ${policy(d.insuredShare)}`;
    }
    case 'PaymentRecorded':
      return `payment of ${own(event.data.amount)} received`;
    case 'ReceivableSettled':
      return 'paid in full';
    case 'ReceivableClosed':
      return `closed: ${event.data.reason}`;
    default:
      return assertNever(event);
  }
}
