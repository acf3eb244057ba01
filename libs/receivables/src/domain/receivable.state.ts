import { CalendarDate, Money, addDays, assertNever } from '@tc/kernel';
import { AlertKind, AlertSeverity, ClaimReason, ReceivablePolicyTerms } from './receivable.commands';
import { ReceivableEvent, UninsuredReason } from './receivable.events';

/**
 * The folded state of one receivable: plain JSON (records, arrays, null — no undefined,
 * Map or class), so it survives a JSON round trip unchanged and may serve as a snapshot.
 * Money ledgers keep each entry with its business date: the insured loss needs the
 * outstanding at the date of loss, whatever was booked later.
 */
export const RECEIVABLE_STATUSES = [
  'COVER_REQUESTED',
  'COVER_GRANTED',
  'COVER_REFUSED',
  'SHIPPED',
  'OVERDUE',
  'IN_COLLECTION',
  'CLAIM_FILED',
  'CLAIM_APPROVED',
  'CLAIM_REJECTED',
  'INDEMNIFIED',
  'SETTLED',
  'CLOSED',
] as const;

export type ReceivableStatus = (typeof RECEIVABLE_STATUSES)[number];

export type OpenStatus = Exclude<ReceivableStatus, 'SETTLED' | 'CLOSED'>;

export interface CoverDecisionRecord {
  readonly decision: 'GRANTED' | 'PARTIAL' | 'REFUSED';
  /** Policy currency; 0 when refused. */
  readonly amount: number;
  /** Inclusive; null when refused. */
  readonly validUntil: CalendarDate | null;
  readonly conditions: readonly string[];
  readonly decidedOn: CalendarDate;
  readonly automatic: boolean;
  readonly reason: string | null;
}

export interface ShipmentRecord {
  readonly shippedOn: CalendarDate;
  readonly insured: boolean;
  readonly coverInForce: number;
  readonly uninsuredReason: UninsuredReason | null;
}

export interface ReceivableAlert {
  readonly alertId: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly date: CalendarDate;
  readonly grade: number | null;
  readonly previousGrade: number | null;
  readonly insolvencyDate: CalendarDate | null;
}

export type ClaimStatus = 'FILED' | 'APPROVED' | 'REJECTED' | 'PAID';

export interface ClaimRecord {
  readonly reason: ClaimReason;
  readonly status: ClaimStatus;
  readonly filedOn: CalendarDate;
  readonly dateOfLoss: CalendarDate;
  readonly preShipment: boolean;
  readonly preShipmentCosts: number | null;
  /** As of filing, then as approved (frozen from the approval on). */
  readonly insuredLoss: number;
  readonly decidedOn: CalendarDate | null;
  readonly decisionReason: string | null;
  readonly indemnity: number | null;
  /** Policy currency, set at approval: base of the recovery shares. */
  readonly outstandingAtDateOfLoss: number | null;
  readonly paidOn: CalendarDate | null;
  readonly daysToPayment: number | null;
}

export interface PaymentEntry {
  readonly paymentId: string;
  readonly amount: number;
  readonly receivedOn: CalendarDate;
  readonly reference: string;
}

export interface CollectionRecoveryEntry {
  readonly amount: number;
  readonly recoveredOn: CalendarDate;
}

export interface RecoveryEntry {
  readonly amount: number;
  readonly recoveredOn: CalendarDate;
  readonly amountInPolicyCurrency: number;
  readonly insurerShare: number;
  readonly insuredShare: number;
  /** Only on recoveries recorded with an id (debtor-level allocations). */
  readonly recoveryId?: string;
}

export interface Receivable {
  readonly status: ReceivableStatus;
  readonly receivableId: string;
  readonly policyId: string;
  readonly debtorId: string;
  readonly invoiceNumber: string;
  readonly invoiceDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly amount: number;
  readonly currency: string;
  readonly fxRate: number | null;
  readonly policyCurrency: string;
  readonly terms: ReceivablePolicyTerms;
  readonly requestedCover: number;
  readonly requestedOn: CalendarDate;
  readonly cover: CoverDecisionRecord | null;
  readonly shipment: ShipmentRecord | null;
  readonly alerts: readonly ReceivableAlert[];
  readonly overdueSince: CalendarDate | null;
  readonly waitingPeriodEndedOn: CalendarDate | null;
  readonly coverExpiredOn: CalendarDate | null;
  readonly reminders: readonly { readonly reminderNumber: number; readonly sentOn: CalendarDate }[];
  readonly declaration: { readonly declaredOn: CalendarDate; readonly late: boolean } | null;
  readonly coverVoided: { readonly voidedOn: CalendarDate; readonly reason: 'LATE_DECLARATION' | 'OVERDUE_NOT_DECLARED' } | null;
  readonly collection: { readonly handedOverOn: CalendarDate; readonly agency: string; readonly automatic: boolean } | null;
  /** The open dispute, if any: cover suspended meanwhile. */
  readonly dispute: { readonly openedOn: CalendarDate; readonly reason: string } | null;
  readonly payments: readonly PaymentEntry[];
  readonly collectionRecoveries: readonly CollectionRecoveryEntry[];
  readonly recoveries: readonly RecoveryEntry[];
  readonly claim: ClaimRecord | null;
  readonly settledOn: CalendarDate | null;
  readonly closedOn: CalendarDate | null;
  readonly closeReason: string | null;
  /** The status a SETTLED or CLOSED receivable ended from (its last step). */
  readonly endedFrom: OpenStatus | null;
}

export type ReceivableState = { readonly status: 'UNREGISTERED' } | Receivable;

export const initialReceivableState = (): ReceivableState => ({ status: 'UNREGISTERED' });

export const isRegistered = (state: ReceivableState): state is Receivable => state.status !== 'UNREGISTERED';

/** Open = not SETTLED or CLOSED (DOMAIN.md step 4). */
export const isOpen = (r: Receivable): boolean => r.status !== 'SETTLED' && r.status !== 'CLOSED';

export const isShipped = (r: Receivable): boolean => r.shipment !== null;

export const isInsured = (r: Receivable): boolean => r.shipment?.insured === true;

// ---- money

const total = <T extends { readonly amount: number }>(entries: readonly T[], counts: (e: T) => boolean = () => true): number =>
  entries.reduce((sum, e) => (counts(e) ? sum + e.amount : sum), 0);

export const totalPaid = (r: Receivable): number => total(r.payments);
export const totalCollectionRecovered = (r: Receivable): number => total(r.collectionRecoveries);
export const totalRecovered = (r: Receivable): number => total(r.recoveries);

/** Outstanding = amount − payments − recoveries (before and after an indemnity), receivable currency. */
export const outstandingOf = (r: Receivable): number => r.amount - totalPaid(r) - totalCollectionRecovered(r) - totalRecovered(r);

/** Outstanding at the end of `date`: money dated after it does not reduce it. */
export const outstandingOn = (r: Receivable, date: CalendarDate): number =>
  r.amount -
  total(r.payments, (e) => e.receivedOn <= date) -
  total(r.collectionRecoveries, (e) => e.recoveredOn <= date) -
  total(r.recoveries, (e) => e.recoveredOn <= date);

/** Receivable-currency minor units in the policy currency at the registration's rate, half-up once. */
export const toPolicyCurrency = (r: Pick<Receivable, 'currency' | 'fxRate' | 'policyCurrency'>, minor: number): number =>
  r.fxRate === null ? minor : Money.of(minor, r.currency).convert(r.fxRate, r.policyCurrency).minor;

export const grantedCoverOf = (r: Receivable): number => (r.cover && r.cover.decision !== 'REFUSED' ? r.cover.amount : 0);

// ---- dunning dates (DOMAIN.md step 5), all from the due date

export const overdueFrom = (r: Receivable): CalendarDate => addDays(r.dueDate, 1);
export const declarationDeadlineOf = (r: Receivable): CalendarDate => addDays(r.dueDate, r.terms.overdueDeclarationDays);
export const coverVoidingDateOf = (r: Receivable): CalendarDate => addDays(r.dueDate, r.terms.overdueDeclarationDays + 1);
export const collectionHandoverDateOf = (r: Receivable): CalendarDate => addDays(r.dueDate, r.terms.collectionHandoverDays);
export const waitingPeriodEndOf = (r: Receivable): CalendarDate => addDays(r.dueDate, r.terms.waitingPeriodDays);
export const reminderDateOf = (r: Receivable, reminderNumber: number): CalendarDate => addDays(r.dueDate, r.terms.reminderDays[reminderNumber - 1]);

// ---- steps

/** Step 1–6 of a status; SHIPPED with an alert is at step 4 (monitoring). */
export function stepOf(status: OpenStatus, alerted: boolean): number {
  switch (status) {
    case 'COVER_REQUESTED':
      return 1;
    case 'COVER_GRANTED':
    case 'COVER_REFUSED':
      return 2;
    case 'SHIPPED':
      return alerted ? 4 : 3;
    case 'OVERDUE':
    case 'IN_COLLECTION':
      return 5;
    case 'CLAIM_FILED':
    case 'CLAIM_APPROVED':
    case 'CLAIM_REJECTED':
    case 'INDEMNIFIED':
      return 6;
    default:
      return assertNever(status);
  }
}

/** The step a receivable is at; a SETTLED or CLOSED one stays at the step it ended from. */
export const stepOfReceivable = (r: Receivable): number =>
  stepOf(r.status === 'SETTLED' || r.status === 'CLOSED' ? (r.endedFrom ?? 'COVER_REQUESTED') : r.status, r.alerts.length > 0);

// ---- fold

const becomeOverdue = (r: Receivable): Receivable => ({
  ...r,
  status: r.status === 'SHIPPED' ? 'OVERDUE' : r.status,
  overdueSince: r.overdueSince ?? overdueFrom(r),
});

const withClaim = (r: Receivable, change: Partial<ClaimRecord>): Receivable => (r.claim ? { ...r, claim: { ...r.claim, ...change } } : r);

export function evolveReceivable(state: ReceivableState, event: ReceivableEvent): ReceivableState {
  if (event.type === 'ReceivableRegistered') {
    const { requestedAt: _requestedAt, ...data } = event.data;
    return {
      ...data,
      status: 'COVER_REQUESTED',
      terms: { ...data.terms, reminderDays: [...data.terms.reminderDays] },
      cover: null,
      shipment: null,
      alerts: [],
      overdueSince: null,
      waitingPeriodEndedOn: null,
      coverExpiredOn: null,
      reminders: [],
      declaration: null,
      coverVoided: null,
      collection: null,
      dispute: null,
      payments: [],
      collectionRecoveries: [],
      recoveries: [],
      claim: null,
      settledOn: null,
      closedOn: null,
      closeReason: null,
      endedFrom: null,
    };
  }
  if (!isRegistered(state)) return state;
  const r = state;
  switch (event.type) {
    case 'CoverGranted': {
      const { decision, amount, validUntil, conditions, decidedOn, automatic, reason } = event.data;
      return { ...r, status: 'COVER_GRANTED', cover: { decision, amount, validUntil, conditions: [...conditions], decidedOn, automatic, reason } };
    }
    case 'CoverRefused': {
      const { conditions, decidedOn, automatic, reason } = event.data;
      return { ...r, status: 'COVER_REFUSED', cover: { decision: 'REFUSED', amount: 0, validUntil: null, conditions: [...conditions], decidedOn, automatic, reason } };
    }
    case 'Shipped': {
      const { shippedOn, insured, coverInForce, uninsuredReason } = event.data;
      return { ...r, status: 'SHIPPED', shipment: { shippedOn, insured, coverInForce, uninsuredReason } };
    }
    case 'AlertRecorded':
      return { ...r, alerts: [...r.alerts, { ...event.data }] };
    case 'MarkedOverdue':
      return { ...becomeOverdue(r), overdueSince: event.data.overdueSince };
    case 'WaitingPeriodEnded':
      return { ...r, waitingPeriodEndedOn: event.data.endedOn };
    case 'CoverExpired':
      return { ...r, coverExpiredOn: event.data.expiredOn };
    case 'ReminderSent':
      return { ...becomeOverdue(r), reminders: [...r.reminders, { reminderNumber: event.data.reminderNumber, sentOn: event.data.sentOn }] };
    case 'OverdueDeclared': {
      const { declaredOn, late, coverVoided } = event.data;
      const voided = r.coverVoided ?? (coverVoided ? { voidedOn: declaredOn, reason: 'LATE_DECLARATION' as const } : null);
      return { ...becomeOverdue(r), declaration: { declaredOn, late }, coverVoided: voided };
    }
    case 'CoverVoided':
      return { ...r, coverVoided: r.coverVoided ?? { voidedOn: event.data.voidedOn, reason: event.data.reason } };
    case 'HandedOverToCollection': {
      const { handedOverOn, agency, automatic } = event.data;
      return { ...becomeOverdue(r), status: 'IN_COLLECTION', collection: { handedOverOn, agency, automatic } };
    }
    case 'CollectionRecoveryRecorded':
      return { ...r, collectionRecoveries: [...r.collectionRecoveries, { amount: event.data.amount, recoveredOn: event.data.recoveredOn }] };
    case 'DisputeOpened':
      return { ...r, dispute: { openedOn: event.data.openedOn, reason: event.data.reason } };
    case 'DisputeResolved':
      return { ...r, dispute: null };
    case 'ClaimFiled': {
      const { reason, filedOn, dateOfLoss, insuredLoss, preShipment, preShipmentCosts } = event.data;
      const claim: ClaimRecord = {
        reason,
        status: 'FILED',
        filedOn,
        dateOfLoss,
        preShipment,
        preShipmentCosts,
        insuredLoss,
        decidedOn: null,
        decisionReason: null,
        indemnity: null,
        outstandingAtDateOfLoss: null,
        paidOn: null,
        daysToPayment: null,
      };
      return { ...r, status: 'CLAIM_FILED', claim };
    }
    case 'ClaimApproved': {
      const { decidedOn, insuredLoss, outstandingAtDateOfLoss, indemnity, reason } = event.data;
      return { ...withClaim(r, { status: 'APPROVED', decidedOn, insuredLoss, outstandingAtDateOfLoss, indemnity, decisionReason: reason }), status: 'CLAIM_APPROVED' };
    }
    case 'ClaimRejected':
      return { ...withClaim(r, { status: 'REJECTED', decidedOn: event.data.decidedOn, decisionReason: event.data.reason }), status: 'CLAIM_REJECTED' };
    case 'IndemnityPaid':
      return { ...withClaim(r, { status: 'PAID', paidOn: event.data.paidOn, daysToPayment: event.data.daysToPayment }), status: 'INDEMNIFIED' };
    case 'RecoveryRecorded': {
      const { amount, recoveredOn, amountInPolicyCurrency, insurerShare, insuredShare, recoveryId } = event.data;
      return { ...r, recoveries: [...r.recoveries, { amount, recoveredOn, amountInPolicyCurrency, insurerShare, insuredShare, ...(recoveryId !== undefined && { recoveryId }) }] };
    }
    case 'PaymentRecorded': {
      const { paymentId, amount, receivedOn, reference } = event.data;
      return { ...r, payments: [...r.payments, { paymentId, amount, receivedOn, reference }] };
    }
    case 'ReceivableSettled':
      if (r.status === 'SETTLED' || r.status === 'CLOSED') return r;
      return { ...r, status: 'SETTLED', settledOn: event.data.settledOn, endedFrom: r.status };
    case 'ReceivableClosed':
      if (r.status === 'SETTLED' || r.status === 'CLOSED') return r;
      return { ...r, status: 'CLOSED', closedOn: event.data.closedOn, closeReason: event.data.reason, endedFrom: r.status };
    default:
      return assertNever(event);
  }
}
