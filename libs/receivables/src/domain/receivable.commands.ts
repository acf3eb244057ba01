import { CalendarDate, Message } from '@tc/kernel';

/**
 * Commands of the receivable aggregate (stream `receivable-<id>`). The receivable's
 * amount, payments and recoveries are minor units of its own currency; covers,
 * indemnities and `requestedCover` minor units of the policy currency. Other aggregates
 * are never read here: what a rule needs from the policy, the debtor or the credit limit
 * arrives in the command, looked up by the application layer. `today` is the service
 * clock's date (FUTURE_DATE check of every `…At` fact).
 */

/** The policy terms the receivable needs later; copied into its registration so its fold is self-contained. */
export interface ReceivablePolicyTerms {
  readonly maxCreditTermDays: number;
  /** Days after the due date, one per reminder. */
  readonly reminderDays: readonly number[];
  readonly overdueDeclarationDays: number;
  readonly collectionHandoverDays: number;
  readonly waitingPeriodDays: number;
  /** Integer percent (90 = 90 %). */
  readonly insuredPercentage: number;
  /** Policy currency. */
  readonly discretionaryLimit: number;
}

export type RegisterReceivable = Message<
  'RegisterReceivable',
  {
    receivableId: string;
    policyId: string;
    debtorId: string;
    invoiceNumber: string;
    /** Fact date: not after today. */
    invoiceDate: CalendarDate;
    /** Term date: may lie in the future. */
    dueDate: CalendarDate;
    amount: number;
    currency: string;
    /** Policy-currency units per unit of `currency`, up to 6 decimals; exactly when the currencies differ. */
    fxRate?: number | null;
    /** Policy currency; default the whole amount converted. */
    requestedCover?: number;
    /** Default the invoice date. */
    requestedAt?: string;
    policy: ReceivablePolicyTerms & { readonly currency: string };
    debtor: { readonly insolvencyDate: CalendarDate | null };
    today: CalendarDate;
  }
>;

export type CoverDecisionKind = 'GRANTED' | 'PARTIAL' | 'REFUSED';

export type DecideCover = Message<
  'DecideCover',
  {
    decision: CoverDecisionKind;
    /** GRANTED: the amount requested (may be omitted); PARTIAL: 0 < amount < requested; REFUSED: omitted or 0. */
    amount?: number;
    /** Inclusive; default the due date. */
    validUntil?: CalendarDate;
    conditions?: readonly string[];
    reason?: string;
    decidedAt: string;
    /** True when the discretionary rules decided it at the request date (see automaticDecision). */
    automatic: boolean;
    today: CalendarDate;
  }
>;

export type RecordShipment = Message<
  'RecordShipment',
  {
    shippedAt: string;
    debtorInsolvencyDate: CalendarDate | null;
    /**
     * What the credit limit leaves for this receivable once a reduction took effect: limit in
     * force on the shipment date − reservations of the debtor's other shipped receivables.
     * Null when no reduction is in effect.
     */
    coverCeiling: number | null;
    /** Recorded for audit: with it, costs between decision and shipment are claimable on insolvency. */
    preShipmentOptionActive?: boolean;
    today: CalendarDate;
  }
>;

export type AlertKind = 'RATING_UPGRADE' | 'RATING_DOWNGRADE' | 'INSOLVENCY';
export type AlertSeverity = 'info' | 'warning' | 'critical';

export type RecordAlert = Message<
  'RecordAlert',
  {
    /** Deterministic id from the debtor event that raised it: recording twice is a no-op. */
    alertId: string;
    kind: AlertKind;
    severity: AlertSeverity;
    date: CalendarDate;
    grade?: number;
    previousGrade?: number;
    insolvencyDate?: CalendarDate;
  }
>;

/** Timer of due + 1. */
export type MarkOverdue = Message<'MarkOverdue', { date: CalendarDate; today: CalendarDate }>;

/** Timer of due + reminderDays[reminderNumber − 1]. */
/** Timer at due + waitingPeriodDays: from then, a protracted-default claim may be filed if unpaid and in collection. */
export type EndWaitingPeriod = Message<'EndWaitingPeriod', { date: CalendarDate; today: CalendarDate }>;

/** Timer the day after a granted cover's validity, if the receivable never shipped: the cover lapses and frees the limit. */
export type ExpireCover = Message<'ExpireCover', { date: CalendarDate; today: CalendarDate }>;

export type SendReminder = Message<'SendReminder', { reminderNumber: number; date: CalendarDate; today: CalendarDate }>;

export type DeclareOverdue = Message<'DeclareOverdue', { declaredAt: string; today: CalendarDate }>;

/** Timer of due + overdueDeclarationDays + 1. */
export type VoidCoverForMissingDeclaration = Message<'VoidCoverForMissingDeclaration', { date: CalendarDate; today: CalendarDate }>;

export type HandOverToCollection = Message<
  'HandOverToCollection',
  {
    handedOverAt: string;
    agency: string;
    /** True for the due + collectionHandoverDays timer (skips silently when no longer due); false for a claims handler. */
    automatic: boolean;
    today: CalendarDate;
  }
>;

export type RecordCollectionRecovery = Message<'RecordCollectionRecovery', { amount: number; recoveredAt: string; today: CalendarDate }>;

export type OpenDispute = Message<'OpenDispute', { openedAt: string; reason: string; today: CalendarDate }>;

export type DisputeOutcome = 'UPHELD' | 'CANCELLED';

export type ResolveDispute = Message<'ResolveDispute', { resolvedAt: string; outcome: DisputeOutcome; today: CalendarDate }>;

export type ClaimReason = 'INSOLVENCY' | 'PROTRACTED_DEFAULT' | 'POLITICAL';

export type FileClaim = Message<
  'FileClaim',
  {
    reason: ClaimReason;
    filedAt: string;
    /** Pre-shipment option, insolvency before shipment: the costs claimed (policy currency). */
    preShipmentCosts?: number;
    debtorInsolvencyDate: CalendarDate | null;
    politicalRiskActiveOnShipment: boolean;
    preShipmentOptionActive: boolean;
    today: CalendarDate;
  }
>;

export type ClaimDecisionKind = 'APPROVED' | 'REJECTED';

export type DecideClaim = Message<
  'DecideClaim',
  {
    decision: ClaimDecisionKind;
    decidedAt: string;
    reason?: string;
    /** APPROVED: computed by the policy aggregate from the insured loss (policy currency). */
    indemnity?: number;
    today: CalendarDate;
  }
>;

export type PayIndemnity = Message<'PayIndemnity', { paidAt: string; today: CalendarDate }>;

/** Money from the debtor after the indemnity, shared pro rata between insurer and insured. */
export type RecordRecovery = Message<
  'RecordRecovery',
  {
    amount: number;
    recoveredAt: string;
    today: CalendarDate;
    /** Optional: makes a re-sent recovery a no-op (debtor-level allocations derive it deterministically). */
    recoveryId?: string;
  }
>;

export type RecordPayment = Message<
  'RecordPayment',
  {
    /** Makes a re-sent payment a no-op (debtor-level allocations derive it deterministically). */
    paymentId: string;
    amount: number;
    receivedAt: string;
    reference: string;
    today: CalendarDate;
  }
>;

export type CloseReceivable = Message<'CloseReceivable', { closedAt: string; reason: string; today: CalendarDate }>;

export type ReceivableCommand =
  | RegisterReceivable
  | DecideCover
  | RecordShipment
  | RecordAlert
  | MarkOverdue
  | EndWaitingPeriod
  | ExpireCover
  | SendReminder
  | DeclareOverdue
  | VoidCoverForMissingDeclaration
  | HandOverToCollection
  | RecordCollectionRecovery
  | OpenDispute
  | ResolveDispute
  | FileClaim
  | DecideClaim
  | PayIndemnity
  | RecordRecovery
  | RecordPayment
  | CloseReceivable;
