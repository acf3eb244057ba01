import { CalendarDate } from '@tc/kernel';
import { ClaimReason } from './receivable.commands';
import { UninsuredReason } from './receivable.events';
import { insuredLossOf } from './indemnity';
import {
  ClaimStatus,
  ReceivableAlert,
  ReceivableState,
  ReceivableStatus,
  grantedCoverOf,
  isRegistered,
  outstandingOf,
  stepOfReceivable,
  totalCollectionRecovered,
  totalPaid,
  totalRecovered,
} from './receivable.state';

/**
 * The fields of `GET /v1/receivables/:id` (API.md), plus a few that name what the state
 * already knows. Amounts in minor units: `amount`, `paid`, `outstanding` (and their
 * breakdown) in the receivable's currency, the cover-side amounts in the policy currency.
 * Every date is a business date (`YYYY-MM-DD`), null until the fact happened.
 */
export interface ReceivableView {
  readonly id: string;
  readonly policyId: string;
  readonly debtorId: string;
  readonly invoiceNumber: string;
  readonly status: ReceivableStatus;
  readonly step: number;
  readonly insured: boolean;
  readonly coverVoided: boolean;
  readonly disputed: boolean;
  readonly currency: string;
  readonly amount: number;
  /** Everything received from the debtor: payments + collection recoveries + recoveries (amount = paid + outstanding). */
  readonly paid: number;
  readonly outstanding: number;
  readonly payments: number;
  readonly collectionRecovered: number;
  readonly recovered: number;
  readonly policyCurrency: string;
  readonly fxRate: number | null;
  readonly requestedCover: number;
  readonly coverDecision: 'GRANTED' | 'PARTIAL' | 'REFUSED' | null;
  /** Granted cover: null until decided, 0 when refused. */
  readonly coveredAmount: number | null;
  /** On the shipment date: null until shipped, 0 when uninsured. */
  readonly coverInForce: number | null;
  readonly uninsuredReason: UninsuredReason | null;
  readonly insuredLoss: number | null;
  readonly indemnity: number | null;
  readonly recoveredToInsurer: number;
  readonly recoveredToInsured: number;
  readonly invoiceDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly requestedAt: CalendarDate;
  readonly decidedAt: CalendarDate | null;
  readonly coverValidUntil: CalendarDate | null;
  readonly shippedAt: CalendarDate | null;
  readonly overdueSince: CalendarDate | null;
  readonly declaredAt: CalendarDate | null;
  readonly coverVoidedAt: CalendarDate | null;
  readonly handedOverAt: CalendarDate | null;
  readonly claimFiledAt: CalendarDate | null;
  readonly dateOfLoss: CalendarDate | null;
  readonly claimDecidedAt: CalendarDate | null;
  readonly indemnityPaidAt: CalendarDate | null;
  readonly settledAt: CalendarDate | null;
  readonly closedAt: CalendarDate | null;
  readonly claim: { readonly reason: ClaimReason; readonly status: ClaimStatus; readonly daysToPayment: number | null } | null;
  readonly alerts: readonly ReceivableAlert[];
}

/** Null for a receivable that was never registered (the HTTP layer answers 404). */
export function receivableView(state: ReceivableState): ReceivableView | null {
  if (!isRegistered(state)) return null;
  const r = state;
  const { cover, shipment, claim } = r;
  return {
    id: r.receivableId,
    policyId: r.policyId,
    debtorId: r.debtorId,
    invoiceNumber: r.invoiceNumber,
    status: r.status,
    step: stepOfReceivable(r),
    insured: shipment?.insured ?? false,
    coverVoided: r.coverVoided !== null,
    disputed: r.dispute !== null,
    currency: r.currency,
    amount: r.amount,
    paid: r.amount - outstandingOf(r),
    outstanding: outstandingOf(r),
    payments: totalPaid(r),
    collectionRecovered: totalCollectionRecovered(r),
    recovered: totalRecovered(r),
    policyCurrency: r.policyCurrency,
    fxRate: r.fxRate,
    requestedCover: r.requestedCover,
    coverDecision: cover?.decision ?? null,
    coveredAmount: cover ? grantedCoverOf(r) : null,
    coverInForce: shipment?.coverInForce ?? null,
    uninsuredReason: shipment?.uninsuredReason ?? null,
    insuredLoss: insuredLossOf(r),
    indemnity: claim?.indemnity ?? null,
    recoveredToInsurer: r.recoveries.reduce((sum, e) => sum + e.insurerShare, 0),
    recoveredToInsured: r.recoveries.reduce((sum, e) => sum + e.insuredShare, 0),
    invoiceDate: r.invoiceDate,
    dueDate: r.dueDate,
    requestedAt: r.requestedOn,
    decidedAt: cover?.decidedOn ?? null,
    coverValidUntil: cover?.validUntil ?? null,
    shippedAt: shipment?.shippedOn ?? null,
    overdueSince: r.overdueSince,
    declaredAt: r.declaration?.declaredOn ?? null,
    coverVoidedAt: r.coverVoided?.voidedOn ?? null,
    handedOverAt: r.collection?.handedOverOn ?? null,
    claimFiledAt: claim?.filedOn ?? null,
    dateOfLoss: claim?.dateOfLoss ?? null,
    claimDecidedAt: claim?.decidedOn ?? null,
    indemnityPaidAt: claim?.paidOn ?? null,
    settledAt: r.settledOn,
    closedAt: r.closedOn,
    claim: claim ? { reason: claim.reason, status: claim.status, daysToPayment: claim.daysToPayment } : null,
    alerts: r.alerts.map((a) => ({ ...a })),
  };
}
