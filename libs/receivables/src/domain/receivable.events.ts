import { CalendarDate, Message } from '@tc/kernel';
import { AlertKind, AlertSeverity, ClaimReason, DisputeOutcome, ReceivablePolicyTerms } from './receivable.commands';

/**
 * Events of the receivable aggregate. Each carries the raw `…At` it was given and the
 * business date derived from it (`…On`), and whatever the fold needs, so `evolve` never
 * looks at a command, a policy or a clock. All written with schema version 1.
 */
export const RECEIVABLE_EVENT_SCHEMA_VERSION = 1;

/** Step 1: the invoice and its cover request, with the policy terms the receivable will need. */
export type ReceivableRegistered = Message<
  'ReceivableRegistered',
  {
    receivableId: string;
    policyId: string;
    debtorId: string;
    invoiceNumber: string;
    invoiceDate: CalendarDate;
    dueDate: CalendarDate;
    amount: number;
    currency: string;
    /** Null when the receivable is in the policy currency. */
    fxRate: number | null;
    policyCurrency: string;
    terms: ReceivablePolicyTerms;
    requestedCover: number;
    requestedAt: string;
    requestedOn: CalendarDate;
  }
>;

export type CoverGranted = Message<
  'CoverGranted',
  {
    decision: 'GRANTED' | 'PARTIAL';
    amount: number;
    validUntil: CalendarDate;
    conditions: string[];
    decidedAt: string;
    decidedOn: CalendarDate;
    automatic: boolean;
    reason: string | null;
  }
>;

export type CoverRefused = Message<
  'CoverRefused',
  { reason: string | null; conditions: string[]; decidedAt: string; decidedOn: CalendarDate; automatic: boolean }
>;

/** Why a shipment was recorded uninsured (DOMAIN.md step 3). */
export type UninsuredReason = 'COVER_REFUSED' | 'SHIPPED_BEFORE_DECISION' | 'COVER_EXPIRED' | 'DEBTOR_INSOLVENT';

export type Shipped = Message<
  'Shipped',
  {
    shippedAt: string;
    shippedOn: CalendarDate;
    insured: boolean;
    /** Cover in force on the shipment date (policy currency); 0 when uninsured. */
    coverInForce: number;
    uninsuredReason: UninsuredReason | null;
    /** As sent: the credit limit's ceiling after a reduction, null when none was in effect. */
    coverCeiling: number | null;
    preShipmentOptionActive: boolean;
  }
>;

export type AlertRecorded = Message<
  'AlertRecorded',
  {
    alertId: string;
    kind: AlertKind;
    severity: AlertSeverity;
    date: CalendarDate;
    grade: number | null;
    previousGrade: number | null;
    insolvencyDate: CalendarDate | null;
  }
>;

export type MarkedOverdue = Message<'MarkedOverdue', { overdueSince: CalendarDate; markedOn: CalendarDate }>;

export type WaitingPeriodEnded = Message<'WaitingPeriodEnded', { endedOn: CalendarDate; claimableForProtractedDefault: boolean }>;

export type CoverExpired = Message<'CoverExpired', { validUntil: CalendarDate; expiredOn: CalendarDate }>;

export type ReminderSent = Message<'ReminderSent', { reminderNumber: number; scheduledOn: CalendarDate; sentOn: CalendarDate }>;

export type OverdueDeclared = Message<
  'OverdueDeclared',
  {
    declaredAt: string;
    declaredOn: CalendarDate;
    /** Last day of a timely declaration: due + overdueDeclarationDays. */
    deadline: CalendarDate;
    late: boolean;
    /** A late declaration voids the cover of this receivable. */
    coverVoided: boolean;
  }
>;

export type CoverVoided = Message<'CoverVoided', { reason: 'OVERDUE_NOT_DECLARED'; voidedOn: CalendarDate; deadline: CalendarDate }>;

export type HandedOverToCollection = Message<
  'HandedOverToCollection',
  { handedOverAt: string; handedOverOn: CalendarDate; agency: string; automatic: boolean }
>;

export type CollectionRecoveryRecorded = Message<'CollectionRecoveryRecorded', { amount: number; recoveredAt: string; recoveredOn: CalendarDate }>;

export type DisputeOpened = Message<'DisputeOpened', { openedAt: string; openedOn: CalendarDate; reason: string }>;

export type DisputeResolved = Message<'DisputeResolved', { resolvedAt: string; resolvedOn: CalendarDate; outcome: DisputeOutcome }>;

export type ClaimFiled = Message<
  'ClaimFiled',
  {
    reason: ClaimReason;
    filedAt: string;
    filedOn: CalendarDate;
    dateOfLoss: CalendarDate;
    /** Policy currency, as of filing. */
    insuredLoss: number;
    /** The pre-shipment case: insolvency before shipment on granted cover. */
    preShipment: boolean;
    preShipmentCosts: number | null;
  }
>;

export type ClaimApproved = Message<
  'ClaimApproved',
  {
    decidedAt: string;
    decidedOn: CalendarDate;
    /** Policy currency, frozen from here on: the base the policy computed the indemnity from. */
    insuredLoss: number;
    /** Outstanding at the date of loss in policy currency: the base of the recovery shares. */
    outstandingAtDateOfLoss: number;
    indemnity: number;
    reason: string | null;
  }
>;

export type ClaimRejected = Message<'ClaimRejected', { decidedAt: string; decidedOn: CalendarDate; reason: string | null }>;

export type IndemnityPaid = Message<
  'IndemnityPaid',
  {
    paidAt: string;
    paidOn: CalendarDate;
    indemnity: number;
    /** Filing to payment, in calendar days, against the 60-day target. */
    daysToPayment: number;
    withinTarget: boolean;
  }
>;

export type RecoveryRecorded = Message<
  'RecoveryRecorded',
  {
    /** Receivable currency. */
    amount: number;
    recoveredAt: string;
    recoveredOn: CalendarDate;
    /** Policy currency: roundHalfUp(amount × fxRate), split into the two shares. */
    amountInPolicyCurrency: number;
    insurerShare: number;
    insuredShare: number;
    /** Present when the command named it (debtor-level allocations): a re-sent recovery records nothing. */
    recoveryId?: string;
  }
>;

export type PaymentRecorded = Message<
  'PaymentRecorded',
  { paymentId: string; amount: number; receivedAt: string; receivedOn: CalendarDate; reference: string }
>;

/** Outstanding reached zero. */
export type ReceivableSettled = Message<'ReceivableSettled', { settledOn: CalendarDate }>;

export type ReceivableClosed = Message<'ReceivableClosed', { closedAt: string; closedOn: CalendarDate; reason: string }>;

export type ReceivableEvent =
  | ReceivableRegistered
  | CoverGranted
  | CoverRefused
  | Shipped
  | AlertRecorded
  | MarkedOverdue
  | WaitingPeriodEnded
  | CoverExpired
  | ReminderSent
  | OverdueDeclared
  | CoverVoided
  | HandedOverToCollection
  | CollectionRecoveryRecorded
  | DisputeOpened
  | DisputeResolved
  | ClaimFiled
  | ClaimApproved
  | ClaimRejected
  | IndemnityPaid
  | RecoveryRecorded
  | PaymentRecorded
  | ReceivableSettled
  | ReceivableClosed;

export const RECEIVABLE_EVENT_TYPES: readonly ReceivableEvent['type'][] = [
  'ReceivableRegistered',
  'CoverGranted',
  'CoverRefused',
  'Shipped',
  'AlertRecorded',
  'MarkedOverdue',
  'WaitingPeriodEnded',
  'CoverExpired',
  'ReminderSent',
  'OverdueDeclared',
  'CoverVoided',
  'HandedOverToCollection',
  'CollectionRecoveryRecorded',
  'DisputeOpened',
  'DisputeResolved',
  'ClaimFiled',
  'ClaimApproved',
  'ClaimRejected',
  'IndemnityPaid',
  'RecoveryRecorded',
  'PaymentRecorded',
  'ReceivableSettled',
  'ReceivableClosed',
];

export const receivableSchemaVersionOf = (_type: ReceivableEvent['type']): number => RECEIVABLE_EVENT_SCHEMA_VERSION;

export const receivableStream = (receivableId: string): string => `receivable-${receivableId}`;
