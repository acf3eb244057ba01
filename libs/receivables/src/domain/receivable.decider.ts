import {
  CalendarDate,
  Decider,
  DomainError,
  Money,
  addDays,
  assertNever,
  daysBetween,
  ensure,
  factDate,
  isCalendarDate,
  isCurrencyCode,
  isWithin,
  toRational,
} from '@tc/kernel';
import {
  ClaimReason,
  CloseReceivable,
  DeclareOverdue,
  DecideClaim,
  DecideCover,
  FileClaim,
  HandOverToCollection,
  EndWaitingPeriod,
  ExpireCover,
  MarkOverdue,
  OpenDispute,
  PayIndemnity,
  ReceivableCommand,
  ReceivablePolicyTerms,
  RecordAlert,
  RecordCollectionRecovery,
  RecordPayment,
  RecordRecovery,
  RecordShipment,
  RegisterReceivable,
  ResolveDispute,
  SendReminder,
  VoidCoverForMissingDeclaration,
} from './receivable.commands';
import { ReceivableEvent, UninsuredReason } from './receivable.events';
import { insuredLossAt, insuredLossOf, maxIndemnityOf, outstandingAtDateOfLossOf, preShipmentInsuredLoss, recoveryShares } from './indemnity';
import {
  Receivable,
  ReceivableState,
  collectionHandoverDateOf,
  coverVoidingDateOf,
  declarationDeadlineOf,
  evolveReceivable,
  grantedCoverOf,
  initialReceivableState,
  isOpen,
  isRegistered,
  outstandingOf,
  overdueFrom,
  reminderDateOf,
  toPolicyCurrency,
  waitingPeriodEndOf,
} from './receivable.state';

/** Days from filing to payment of an indemnity the service aims for (DOMAIN.md step 6). */
export const INDEMNITY_PAYMENT_TARGET_DAYS = 60;

/** The most decimals an fxRate may carry (API.md). */
const FX_RATE_DECIMALS = 6;

// ---- input checks: the HTTP layer validates too, but process managers do not pass through it

function invalid(field: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', `${field} ${message}`, { errors: [{ field, message }] });
}

function checkAmount(field: string, value: unknown, { positive = false } = {}): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < (positive ? 1 : 0)) {
    invalid(field, positive ? 'must be a positive integer (minor units)' : 'must be a non-negative integer (minor units)');
  }
}

function checkDays(field: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) invalid(field, 'must be a non-negative integer number of days');
}

function checkDate(field: string, value: unknown): asserts value is CalendarDate {
  if (!isCalendarDate(value)) invalid(field, 'must be a date (YYYY-MM-DD)');
}

function checkText(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim().length === 0) invalid(field, 'must be a non-empty string');
}

function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!(allowed as readonly unknown[]).includes(value)) invalid(field, `must be one of ${allowed.join(', ')}`);
}

function checkTerms(terms: ReceivablePolicyTerms): void {
  for (const field of ['maxCreditTermDays', 'overdueDeclarationDays', 'collectionHandoverDays', 'waitingPeriodDays'] as const) checkDays(`policy.${field}`, terms[field]);
  checkAmount('policy.discretionaryLimit', terms.discretionaryLimit);
  if (!(typeof terms.insuredPercentage === 'number' && terms.insuredPercentage > 0 && terms.insuredPercentage <= 100)) invalid('policy.insuredPercentage', 'must be a percent in (0, 100]');
  if (!Array.isArray(terms.reminderDays)) invalid('policy.reminderDays', 'must be a list of days');
  terms.reminderDays.forEach((d, i) => checkDays(`policy.reminderDays[${i}]`, d));
}

function checkFxRate(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) invalid('fxRate', 'must be a positive decimal number');
  if (toRational(value).den > 10n ** BigInt(FX_RATE_DECIMALS)) invalid('fxRate', `must have at most ${FX_RATE_DECIMALS} decimals`);
}

// ---- shared refusals

/** Invalid state for a command (422 INVALID_TRANSITION), unless a more specific code applies. */
function transition(condition: unknown, message: string, details?: Record<string, unknown>): asserts condition {
  ensure(condition, 'INVALID_TRANSITION', message, details);
}

/** A fact may not be dated before the fact it follows. */
function notBefore(field: string, date: CalendarDate, earliest: CalendarDate, what: string): void {
  ensure(date >= earliest, 'DATE_OUT_OF_ORDER', `${field} ${date} is before ${what} (${earliest})`, { field, date, notBefore: earliest });
}

function registered(state: ReceivableState): Receivable {
  if (!isRegistered(state)) throw new DomainError('NOT_FOUND', 'no such receivable');
  return state;
}

const money = (minor: number, currency: string): string => Money.of(minor, currency).toString();

/** Timers (overdue, reminders, voiding, automatic hand-over) stop once settled, closed or claimed. */
const dunningStopped = (r: Receivable): boolean => !isOpen(r) || r.claim !== null;

/** Money that takes the outstanding to zero settles the receivable on its date. */
function withSettlement(r: Receivable, received: number, on: CalendarDate, events: ReceivableEvent[]): ReceivableEvent[] {
  return outstandingOf(r) - received === 0 ? [...events, { type: 'ReceivableSettled', data: { settledOn: on } }] : events;
}

function ensureWithinOutstanding(r: Receivable, amount: number): void {
  const outstanding = outstandingOf(r);
  ensure(amount <= outstanding, 'OVERPAYMENT', `${money(amount, r.currency)} exceeds the outstanding ${money(outstanding, r.currency)}`, { outstanding });
}

// ---- step 1: registration and cover request

function register({ data }: RegisterReceivable, state: ReceivableState): ReceivableEvent[] {
  // The receivable id derives from policy + invoice number, so this is the uniqueness check.
  if (isRegistered(state)) throw new DomainError('DUPLICATE_INVOICE', `invoice ${state.invoiceNumber} is already registered under this policy`, { existingId: state.receivableId });
  for (const field of ['receivableId', 'policyId', 'debtorId', 'invoiceNumber'] as const) checkText(field, data[field]);
  checkAmount('amount', data.amount, { positive: true });
  if (typeof data.policy !== 'object' || data.policy === null) invalid('policy', 'must carry the policy currency and terms');
  if (typeof data.debtor !== 'object' || data.debtor === null) invalid('debtor', 'must carry the debtor insolvency date (or null)');
  if (!isCurrencyCode(data.currency)) invalid('currency', 'must be an ISO 4217 currency code');
  if (!isCurrencyCode(data.policy.currency)) invalid('policy.currency', 'must be an ISO 4217 currency code');
  checkTerms(data.policy);
  checkDate('invoiceDate', data.invoiceDate);
  checkDate('dueDate', data.dueDate);
  const invoiceDate = factDate('invoiceDate', data.invoiceDate, data.today);
  const insolvencyDate = data.debtor.insolvencyDate ?? null;
  ensure(insolvencyDate === null, 'DEBTOR_INSOLVENT', `the debtor is insolvent since ${insolvencyDate}: no new receivable is insured on it`, { insolvencyDate });

  const term = daysBetween(invoiceDate, data.dueDate);
  const max = data.policy.maxCreditTermDays;
  ensure(term >= 0 && term <= max, 'CREDIT_TERM_EXCEEDED', term < 0 ? `the due date ${data.dueDate} is before the invoice date ${invoiceDate}` : `a payment term of ${term} days exceeds the policy's maximum credit term of ${max} days`, {
    paymentTermDays: term,
    maxCreditTermDays: max,
  });

  const policyCurrency = data.policy.currency;
  const foreign = data.currency !== policyCurrency;
  const fxRate = data.fxRate ?? null;
  if (foreign) {
    ensure(fxRate !== null, 'FX_RATE_REQUIRED', `a receivable in ${data.currency} on a policy in ${policyCurrency} needs fxRate (${policyCurrency} per ${data.currency})`);
    checkFxRate(fxRate);
  } else {
    ensure(fxRate === null, 'FX_RATE_NOT_APPLICABLE', `the receivable is in the policy currency (${policyCurrency}): fxRate does not apply`);
  }

  const converted = toPolicyCurrency({ currency: data.currency, fxRate, policyCurrency }, data.amount);
  const requestedCover = data.requestedCover ?? converted;
  checkAmount('requestedCover', requestedCover, { positive: true });
  ensure(requestedCover <= converted, 'COVER_EXCEEDS_AMOUNT', `the cover requested (${money(requestedCover, policyCurrency)}) exceeds the invoice amount in policy currency (${money(converted, policyCurrency)})`, {
    amountInPolicyCurrency: converted,
  });

  const requestedAt = data.requestedAt ?? invoiceDate;
  const requestedOn = factDate('requestedAt', requestedAt, data.today);
  notBefore('requestedAt', requestedOn, invoiceDate, 'the invoice date');

  const { currency: _policyCurrency, ...terms } = data.policy;
  return [
    {
      type: 'ReceivableRegistered',
      data: {
        receivableId: data.receivableId,
        policyId: data.policyId,
        debtorId: data.debtorId,
        invoiceNumber: data.invoiceNumber,
        invoiceDate,
        dueDate: data.dueDate,
        amount: data.amount,
        currency: data.currency,
        fxRate,
        policyCurrency,
        terms: { ...terms, reminderDays: [...terms.reminderDays] },
        requestedCover,
        requestedAt,
        requestedOn,
      },
    },
  ];
}

// ---- step 2: cover decision

function decideCover({ data }: DecideCover, r: Receivable): ReceivableEvent[] {
  checkOneOf('decision', data.decision, ['GRANTED', 'PARTIAL', 'REFUSED'] as const);
  transition(r.status === 'COVER_REQUESTED', `cover is decided on a pending request only; this receivable is ${r.status}`, { status: r.status });
  const decidedOn = factDate('decidedAt', data.decidedAt, data.today);
  notBefore('decidedAt', decidedOn, r.requestedOn, 'the cover request');
  const conditions = data.conditions ?? [];
  if (!Array.isArray(conditions) || conditions.some((c) => typeof c !== 'string')) invalid('conditions', 'must be a list of strings');
  const reason = data.reason ?? null;
  const requested = r.requestedCover;
  const cur = r.policyCurrency;

  if (data.decision === 'REFUSED') {
    ensure(data.amount === undefined || data.amount === 0, 'INVALID_COVER_AMOUNT', 'a refusal grants no cover (amount 0)');
    return [{ type: 'CoverRefused', data: { reason, conditions: [...conditions], decidedAt: data.decidedAt, decidedOn, automatic: data.automatic } }];
  }
  let amount: number;
  if (data.decision === 'GRANTED') {
    amount = data.amount ?? requested;
    ensure(amount === requested, 'INVALID_COVER_AMOUNT', `GRANTED is the amount requested (${money(requested, cur)}); grant less as PARTIAL`, { requestedCover: requested });
  } else {
    ensure(data.amount !== undefined, 'INVALID_COVER_AMOUNT', 'a partial grant states its amount');
    checkAmount('amount', data.amount);
    amount = data.amount;
    ensure(amount > 0 && amount < requested, 'INVALID_COVER_AMOUNT', `a partial grant is more than 0 and less than the amount requested (${money(requested, cur)})`, { requestedCover: requested });
  }
  const validUntil = data.validUntil ?? r.dueDate;
  checkDate('validUntil', validUntil);
  ensure(validUntil >= decidedOn, 'INVALID_PERIOD', `the cover would be valid until ${validUntil}, before its decision (${decidedOn})`, { validUntil, decidedOn });
  return [
    {
      type: 'CoverGranted',
      data: { decision: data.decision, amount, validUntil, conditions: [...conditions], decidedAt: data.decidedAt, decidedOn, automatic: data.automatic, reason },
    },
  ];
}

// ---- step 3: shipment

function uninsuredReasonOf(r: Receivable, shippedOn: CalendarDate, insolvencyDate: CalendarDate | null): UninsuredReason | null {
  const { cover } = r;
  if (!cover || shippedOn < cover.decidedOn) return 'SHIPPED_BEFORE_DECISION';
  if (cover.decision === 'REFUSED' || cover.validUntil === null) return 'COVER_REFUSED';
  if (shippedOn > cover.validUntil) return 'COVER_EXPIRED';
  if (insolvencyDate !== null && insolvencyDate <= shippedOn) return 'DEBTOR_INSOLVENT';
  return null;
}

function recordShipment({ data }: RecordShipment, r: Receivable): ReceivableEvent[] {
  const shippable = r.status === 'COVER_REQUESTED' || r.status === 'COVER_GRANTED' || r.status === 'COVER_REFUSED';
  transition(shippable && r.shipment === null, r.shipment ? `already shipped on ${r.shipment.shippedOn}` : `a ${r.status} receivable cannot be shipped`, { status: r.status });
  const shippedOn = factDate('shippedAt', data.shippedAt, data.today);
  if (data.debtorInsolvencyDate !== null) checkDate('debtorInsolvencyDate', data.debtorInsolvencyDate);
  if (data.coverCeiling !== null && !Number.isSafeInteger(data.coverCeiling)) invalid('coverCeiling', 'must be an integer (minor units) or null');
  const uninsuredReason = uninsuredReasonOf(r, shippedOn, data.debtorInsolvencyDate);
  const insured = uninsuredReason === null;
  const granted = grantedCoverOf(r);
  const coverInForce = insured ? Math.max(0, Math.min(granted, data.coverCeiling ?? granted)) : 0;
  return [
    {
      type: 'Shipped',
      data: {
        shippedAt: data.shippedAt,
        shippedOn,
        insured,
        coverInForce,
        uninsuredReason,
        coverCeiling: data.coverCeiling,
        preShipmentOptionActive: data.preShipmentOptionActive ?? false,
      },
    },
  ];
}

// ---- step 4: monitoring

function recordAlert({ data }: RecordAlert, r: Receivable): ReceivableEvent[] {
  checkText('alertId', data.alertId);
  checkOneOf('kind', data.kind, ['RATING_UPGRADE', 'RATING_DOWNGRADE', 'INSOLVENCY'] as const);
  checkOneOf('severity', data.severity, ['info', 'warning', 'critical'] as const);
  checkDate('date', data.date);
  if (data.insolvencyDate !== undefined) checkDate('insolvencyDate', data.insolvencyDate);
  // Alerts go to open receivables only; the monitoring process may race a settlement.
  if (!isOpen(r) || r.alerts.some((a) => a.alertId === data.alertId)) return [];
  return [
    {
      type: 'AlertRecorded',
      data: {
        alertId: data.alertId,
        kind: data.kind,
        severity: data.severity,
        date: data.date,
        grade: data.grade ?? null,
        previousGrade: data.previousGrade ?? null,
        insolvencyDate: data.insolvencyDate ?? (data.kind === 'INSOLVENCY' ? data.date : null),
      },
    },
  ];
}

// ---- step 5: dunning and collection

const pastDue = (r: Receivable, on: CalendarDate, field: string): void =>
  ensure(on > r.dueDate, 'NOT_OVERDUE', `${field} ${on} is not after the due date ${r.dueDate}: the receivable is not overdue`, { dueDate: r.dueDate, overdueFrom: overdueFrom(r) });

const tooEarly = (on: CalendarDate, from: CalendarDate, what: string): void =>
  ensure(on >= from, 'TOO_EARLY', `${what} is due on ${from}, not ${on}`, { dueOn: from });

function markOverdue({ data }: MarkOverdue, r: Receivable): ReceivableEvent[] {
  checkDate('date', data.date);
  const on = factDate('date', data.date, data.today);
  if (dunningStopped(r)) return [];
  transition(r.shipment !== null, 'only a shipped receivable becomes overdue', { status: r.status });
  if (r.overdueSince !== null) return [];
  pastDue(r, on, 'date');
  return [{ type: 'MarkedOverdue', data: { overdueSince: overdueFrom(r), markedOn: on } }];
}

function endWaitingPeriod({ data }: EndWaitingPeriod, r: Receivable): ReceivableEvent[] {
  checkDate('date', data.date);
  const on = factDate('date', data.date, data.today);
  if (dunningStopped(r) || r.shipment === null || r.waitingPeriodEndedOn !== null) return [];
  const endedOn = waitingPeriodEndOf(r);
  tooEarly(on, endedOn, 'the end of the waiting period');
  return [{ type: 'WaitingPeriodEnded', data: { endedOn, claimableForProtractedDefault: r.status === 'IN_COLLECTION' && outstandingOf(r) > 0 } }];
}

function expireCover({ data }: ExpireCover, r: Receivable): ReceivableEvent[] {
  checkDate('date', data.date);
  const on = factDate('date', data.date, data.today);
  const validUntil = r.cover?.decision !== 'REFUSED' ? r.cover?.validUntil : null;
  if (!isOpen(r) || r.shipment !== null || !validUntil || r.coverExpiredOn !== null) return [];
  tooEarly(on, addDays(validUntil, 1), 'the lapse of an unused cover');
  return [{ type: 'CoverExpired', data: { validUntil, expiredOn: addDays(validUntil, 1) } }];
}

function sendReminder({ data }: SendReminder, r: Receivable): ReceivableEvent[] {
  const count = r.terms.reminderDays.length;
  if (!Number.isSafeInteger(data.reminderNumber) || data.reminderNumber < 1 || data.reminderNumber > count) invalid('reminderNumber', `must be 1 to ${count} (the policy's reminders)`);
  checkDate('date', data.date);
  const on = factDate('date', data.date, data.today);
  if (dunningStopped(r)) return [];
  transition(r.shipment !== null, 'reminders are sent for shipped receivables only', { status: r.status });
  if (r.reminders.some((s) => s.reminderNumber === data.reminderNumber)) return [];
  const scheduledOn = reminderDateOf(r, data.reminderNumber);
  tooEarly(on, scheduledOn, `reminder ${data.reminderNumber}`);
  return [{ type: 'ReminderSent', data: { reminderNumber: data.reminderNumber, scheduledOn, sentOn: on } }];
}

/**
 * The overdue must be declared by due + overdueDeclarationDays; later, it is still recorded
 * (in any open status before a claim, even once the cover was voided) and voids the cover.
 */
function declareOverdue({ data }: DeclareOverdue, r: Receivable): ReceivableEvent[] {
  const declaredOn = factDate('declaredAt', data.declaredAt, data.today);
  ensure(r.declaration === null, 'DUPLICATE_DECLARATION', `the overdue was already declared on ${r.declaration?.declaredOn}`, { declaredOn: r.declaration?.declaredOn });
  transition(r.claim === null, 'a claim was filed: it stands in for the overdue declaration', { status: r.status });
  transition(isOpen(r), `a ${r.status} receivable has no overdue to declare`, { status: r.status });
  transition(r.shipment !== null, 'only a shipped receivable has an overdue to declare', { status: r.status });
  pastDue(r, declaredOn, 'declaredAt');
  const deadline = declarationDeadlineOf(r);
  const late = declaredOn > deadline;
  return [{ type: 'OverdueDeclared', data: { declaredAt: data.declaredAt, declaredOn, deadline, late, coverVoided: late } }];
}

function voidCoverForMissingDeclaration({ data }: VoidCoverForMissingDeclaration, r: Receivable): ReceivableEvent[] {
  checkDate('date', data.date);
  const on = factDate('date', data.date, data.today);
  if (dunningStopped(r) || r.declaration !== null || r.coverVoided !== null) return [];
  transition(r.shipment !== null, 'an unshipped receivable has no cover to void', { status: r.status });
  const voidedOn = coverVoidingDateOf(r);
  tooEarly(on, voidedOn, 'voiding the cover of an undeclared overdue');
  return [{ type: 'CoverVoided', data: { reason: 'OVERDUE_NOT_DECLARED', voidedOn, deadline: declarationDeadlineOf(r) } }];
}

/**
 * Automatic at due + collectionHandoverDays unless settled, disputed or already handed over
 * (then the timer is simply moot); a claims handler may hand over earlier, once past due.
 */
function handOverToCollection({ data }: HandOverToCollection, r: Receivable): ReceivableEvent[] {
  checkText('agency', data.agency);
  const handedOverOn = factDate('handedOverAt', data.handedOverAt, data.today);
  if (data.automatic && (dunningStopped(r) || r.dispute !== null || r.collection !== null)) return [];
  transition(isOpen(r), `a ${r.status} receivable is not handed to collection`, { status: r.status });
  transition(r.claim === null, 'a claim was filed: collection hand-over is part of dunning, which stops at the claim', { status: r.status });
  transition(r.shipment !== null, 'only a shipped receivable is handed to collection', { status: r.status });
  transition(r.collection === null, `already handed to ${r.collection?.agency} on ${r.collection?.handedOverOn}`, { handedOverOn: r.collection?.handedOverOn });
  transition(r.dispute === null, `the invoice is disputed since ${r.dispute?.openedOn}: no hand-over until the dispute is resolved`, { disputed: true });
  pastDue(r, handedOverOn, 'handedOverAt');
  if (data.automatic) tooEarly(handedOverOn, collectionHandoverDateOf(r), 'the automatic hand-over to collection');
  return [{ type: 'HandedOverToCollection', data: { handedOverAt: data.handedOverAt, handedOverOn, agency: data.agency, automatic: data.automatic } }];
}

function recordCollectionRecovery({ data }: RecordCollectionRecovery, r: Receivable): ReceivableEvent[] {
  checkAmount('amount', data.amount, { positive: true });
  const recoveredOn = factDate('recoveredAt', data.recoveredAt, data.today);
  transition(r.status !== 'CLOSED', 'the receivable is closed');
  transition(r.claim?.status !== 'PAID', 'the indemnity was paid: money recovered from now on is a recovery shared with the insurer');
  transition(r.collection !== null, 'the receivable was not handed to collection');
  notBefore('recoveredAt', recoveredOn, r.collection.handedOverOn, 'the hand-over to collection');
  ensureWithinOutstanding(r, data.amount);
  return withSettlement(r, data.amount, recoveredOn, [{ type: 'CollectionRecoveryRecorded', data: { amount: data.amount, recoveredAt: data.recoveredAt, recoveredOn } }]);
}

function openDispute({ data }: OpenDispute, r: Receivable): ReceivableEvent[] {
  checkText('reason', data.reason);
  const openedOn = factDate('openedAt', data.openedAt, data.today);
  transition(isOpen(r), `a ${r.status} receivable cannot be disputed`, { status: r.status });
  transition(r.claim?.status !== 'PAID', 'the indemnity was paid: the cover has nothing left to suspend');
  transition(r.dispute === null, `already disputed since ${r.dispute?.openedOn}`);
  notBefore('openedAt', openedOn, r.invoiceDate, 'the invoice date');
  return [{ type: 'DisputeOpened', data: { openedAt: data.openedAt, openedOn, reason: data.reason } }];
}

function resolveDispute({ data }: ResolveDispute, r: Receivable): ReceivableEvent[] {
  checkOneOf('outcome', data.outcome, ['UPHELD', 'CANCELLED'] as const);
  const resolvedOn = factDate('resolvedAt', data.resolvedAt, data.today);
  transition(isOpen(r), `a ${r.status} receivable has no dispute to resolve`, { status: r.status });
  transition(r.dispute !== null, 'there is no open dispute on this receivable');
  notBefore('resolvedAt', resolvedOn, r.dispute.openedOn, 'the dispute');
  const resolved: ReceivableEvent = { type: 'DisputeResolved', data: { resolvedAt: data.resolvedAt, resolvedOn, outcome: data.outcome } };
  if (data.outcome === 'UPHELD') return [resolved];
  return [resolved, { type: 'ReceivableClosed', data: { closedAt: data.resolvedAt, closedOn: resolvedOn, reason: 'dispute resolved: debt cancelled' } }];
}

// ---- step 6: claim and indemnity

/** With the pre-shipment option, an insolvency before shipment on granted cover: the costs are claimable. */
function preShipmentClaim(data: FileClaim['data'], r: Receivable, filedOn: CalendarDate, insolvencyDate: CalendarDate | null): ReceivableEvent {
  const costs = data.preShipmentCosts;
  if (data.reason !== 'INSOLVENCY' || costs === undefined) {
    throw new DomainError('COVER_NOT_IN_FORCE', r.shipment ? `the shipment was not insured (${r.shipment.uninsuredReason})` : 'the receivable was not shipped: only pre-shipment costs are claimable, on an insolvency', {
      uninsuredReason: r.shipment?.uninsuredReason ?? null,
    });
  }
  ensure(data.preShipmentOptionActive, 'OPTION_NOT_ACTIVE', 'pre-shipment costs are claimable only with the pre-shipment option', { option: 'PRE_SHIPMENT' });
  checkAmount('preShipmentCosts', costs, { positive: true });
  const { cover } = r;
  ensure(cover && cover.decision !== 'REFUSED' && cover.validUntil !== null, 'COVER_NOT_IN_FORCE', 'pre-shipment costs are claimable on granted cover only');
  ensure(insolvencyDate !== null && insolvencyDate <= filedOn, 'CLAIM_NOT_YET_ELIGIBLE', 'an insolvency claim is possible from the debtor’s insolvency date', { insolvencyDate });
  ensure(!r.shipment || insolvencyDate <= r.shipment.shippedOn, 'COVER_NOT_IN_FORCE', `the debtor became insolvent on ${insolvencyDate}, after the uninsured shipment of ${r.shipment?.shippedOn}`);
  ensure(isWithin(insolvencyDate, cover.decidedOn, cover.validUntil), 'COVER_NOT_IN_FORCE', `the insolvency (${insolvencyDate}) is outside the cover's validity (${cover.decidedOn} to ${cover.validUntil})`, {
    decidedOn: cover.decidedOn,
    validUntil: cover.validUntil,
  });
  return {
    type: 'ClaimFiled',
    data: {
      reason: 'INSOLVENCY',
      filedAt: data.filedAt,
      filedOn,
      dateOfLoss: insolvencyDate,
      insuredLoss: preShipmentInsuredLoss(r, costs),
      preShipment: true,
      preShipmentCosts: costs,
    },
  };
}

function dateOfLossFor(reason: ClaimReason, data: FileClaim['data'], r: Receivable, filedOn: CalendarDate, insolvencyDate: CalendarDate | null): CalendarDate {
  switch (reason) {
    case 'INSOLVENCY':
      ensure(insolvencyDate !== null && insolvencyDate <= filedOn, 'CLAIM_NOT_YET_ELIGIBLE', insolvencyDate ? `the debtor is insolvent from ${insolvencyDate}, after the filing date ${filedOn}` : 'the debtor is not insolvent', { insolvencyDate });
      return insolvencyDate;
    case 'PROTRACTED_DEFAULT': {
      const end = waitingPeriodEndOf(r);
      ensure(filedOn >= end, 'CLAIM_NOT_YET_ELIGIBLE', `a protracted-default claim may be filed from ${end} (due + ${r.terms.waitingPeriodDays} days)`, { eligibleFrom: end });
      ensure(r.collection !== null, 'CLAIM_NOT_YET_ELIGIBLE', 'a protracted-default claim needs the receivable in collection', { inCollection: false });
      return end;
    }
    case 'POLITICAL':
      ensure(data.politicalRiskActiveOnShipment, 'OPTION_NOT_ACTIVE', 'political losses are covered only if the political-risk option was active on the shipment date', { option: 'POLITICAL_RISK' });
      return filedOn;
    default:
      return assertNever(reason);
  }
}

function fileClaim({ data }: FileClaim, r: Receivable): ReceivableEvent[] {
  checkOneOf('reason', data.reason, ['INSOLVENCY', 'PROTRACTED_DEFAULT', 'POLITICAL'] as const);
  const filedOn = factDate('filedAt', data.filedAt, data.today);
  const insolvencyDate = data.debtorInsolvencyDate;
  if (insolvencyDate !== null) checkDate('debtorInsolvencyDate', insolvencyDate);
  transition(isOpen(r), `a ${r.status} receivable takes no claim`, { status: r.status });
  transition(r.claim === null, `one claim per receivable: a claim was filed on ${r.claim?.filedOn}`, { status: r.status });
  ensure(r.coverVoided === null, 'COVER_VOIDED', `the cover of this receivable was voided on ${r.coverVoided?.voidedOn} (overdue declared late or not at all)`, { voidedOn: r.coverVoided?.voidedOn });
  ensure(r.dispute === null, 'COVER_SUSPENDED', `the invoice is disputed since ${r.dispute?.openedOn}: cover suspended until the dispute is resolved`, { disputedSince: r.dispute?.openedOn });
  if (!r.shipment?.insured) return [preShipmentClaim(data, r, filedOn, insolvencyDate)];
  if (data.preShipmentCosts !== undefined) invalid('preShipmentCosts', 'applies only to an insolvency before shipment; this shipment was insured');
  const dateOfLoss = dateOfLossFor(data.reason, data, r, filedOn, insolvencyDate);
  return [
    {
      type: 'ClaimFiled',
      data: { reason: data.reason, filedAt: data.filedAt, filedOn, dateOfLoss, insuredLoss: insuredLossAt(r, dateOfLoss), preShipment: false, preShipmentCosts: null },
    },
  ];
}

function decideClaim({ data }: DecideClaim, r: Receivable): ReceivableEvent[] {
  checkOneOf('decision', data.decision, ['APPROVED', 'REJECTED'] as const);
  const decidedOn = factDate('decidedAt', data.decidedAt, data.today);
  transition(r.status === 'CLAIM_FILED' && r.claim !== null, `a claim is decided once filed and not yet decided; this receivable is ${r.status}`, { status: r.status });
  notBefore('decidedAt', decidedOn, r.claim.filedOn, 'the claim');
  const reason = data.reason ?? null;
  if (data.decision === 'REJECTED') {
    if (data.indemnity !== undefined && data.indemnity !== 0) invalid('indemnity', 'a rejected claim has no indemnity');
    return [{ type: 'ClaimRejected', data: { decidedAt: data.decidedAt, decidedOn, reason } }];
  }
  ensure(r.dispute === null, 'COVER_SUSPENDED', `the invoice is disputed since ${r.dispute?.openedOn}: no approval until the dispute is resolved`, { disputedSince: r.dispute?.openedOn });
  if (data.indemnity === undefined) invalid('indemnity', 'an approval carries the indemnity computed by the policy');
  checkAmount('indemnity', data.indemnity);
  const insuredLoss = insuredLossOf(r) ?? 0;
  const max = maxIndemnityOf(r, insuredLoss);
  ensure(data.indemnity <= max, 'INDEMNITY_EXCEEDS_INSURED_SHARE', `an indemnity of ${money(data.indemnity, r.policyCurrency)} exceeds ${r.terms.insuredPercentage} % of the insured loss (${money(max, r.policyCurrency)})`, {
    insuredLoss,
    maxIndemnity: max,
  });
  return [
    {
      type: 'ClaimApproved',
      data: {
        decidedAt: data.decidedAt,
        decidedOn,
        insuredLoss,
        outstandingAtDateOfLoss: outstandingAtDateOfLossOf(r, r.claim.dateOfLoss),
        indemnity: data.indemnity,
        reason,
      },
    },
  ];
}

function payIndemnity({ data }: PayIndemnity, r: Receivable): ReceivableEvent[] {
  const paidOn = factDate('paidAt', data.paidAt, data.today);
  transition(r.status === 'CLAIM_APPROVED' && r.claim?.decidedOn != null, `an indemnity is paid on an approved claim; this receivable is ${r.status}`, { status: r.status });
  notBefore('paidAt', paidOn, r.claim.decidedOn, 'the approval');
  ensure(r.dispute === null, 'COVER_SUSPENDED', `the invoice is disputed since ${r.dispute?.openedOn}: no payment until the dispute is resolved`, { disputedSince: r.dispute?.openedOn });
  const daysToPayment = daysBetween(r.claim.filedOn, paidOn);
  return [
    {
      type: 'IndemnityPaid',
      data: { paidAt: data.paidAt, paidOn, indemnity: r.claim.indemnity ?? 0, daysToPayment, withinTarget: daysToPayment <= INDEMNITY_PAYMENT_TARGET_DAYS },
    },
  ];
}

function recordRecovery({ data }: RecordRecovery, r: Receivable): ReceivableEvent[] {
  checkAmount('amount', data.amount, { positive: true });
  const recoveredOn = factDate('recoveredAt', data.recoveredAt, data.today);
  if (data.recoveryId !== undefined) {
    checkText('recoveryId', data.recoveryId);
    const same = r.recoveries.find((e) => e.recoveryId === data.recoveryId);
    if (same) {
      ensure(same.amount === data.amount && same.recoveredOn === recoveredOn, 'DUPLICATE_RECOVERY', `recovery ${data.recoveryId} was already recorded with other details`, { recoveryId: data.recoveryId });
      return [];
    }
  }
  transition(r.status !== 'CLOSED', 'the receivable is closed');
  transition(r.claim?.status === 'PAID' && r.claim.paidOn !== null, 'recoveries are shared once the indemnity is paid; before it, record a payment or a collection recovery', { status: r.status });
  notBefore('recoveredAt', recoveredOn, r.claim.paidOn, 'the indemnity payment');
  ensureWithinOutstanding(r, data.amount);
  const shares = recoveryShares(r, data.amount);
  const recoveryId = data.recoveryId !== undefined ? { recoveryId: data.recoveryId } : {};
  return withSettlement(r, data.amount, recoveredOn, [{ type: 'RecoveryRecorded', data: { amount: data.amount, recoveredAt: data.recoveredAt, recoveredOn, ...shares, ...recoveryId } }]);
}

// ---- payments and closure

function recordPayment({ data }: RecordPayment, r: Receivable): ReceivableEvent[] {
  checkText('paymentId', data.paymentId);
  checkAmount('amount', data.amount, { positive: true });
  if (typeof data.reference !== 'string') invalid('reference', 'must be a string');
  const receivedOn = factDate('receivedAt', data.receivedAt, data.today);
  const same = r.payments.find((p) => p.paymentId === data.paymentId);
  if (same) {
    ensure(same.amount === data.amount && same.receivedOn === receivedOn && same.reference === data.reference, 'DUPLICATE_PAYMENT', `payment ${data.paymentId} was already recorded with other details`, {
      paymentId: data.paymentId,
    });
    return [];
  }
  transition(r.status !== 'CLOSED', 'the receivable is closed');
  transition(r.claim?.status !== 'PAID', 'the indemnity was paid: money from the debtor is now a recovery, shared with the insurer');
  ensureWithinOutstanding(r, data.amount);
  return withSettlement(r, data.amount, receivedOn, [
    { type: 'PaymentRecorded', data: { paymentId: data.paymentId, amount: data.amount, receivedAt: data.receivedAt, receivedOn, reference: data.reference } },
  ]);
}

function closeReceivable({ data }: CloseReceivable, r: Receivable): ReceivableEvent[] {
  checkText('reason', data.reason);
  const closedOn = factDate('closedAt', data.closedAt, data.today);
  transition(isOpen(r), `a ${r.status} receivable cannot be closed`, { status: r.status });
  return [{ type: 'ReceivableClosed', data: { closedAt: data.closedAt, closedOn, reason: data.reason } }];
}

function decideOnRegistered(command: Exclude<ReceivableCommand, RegisterReceivable>, r: Receivable): ReceivableEvent[] {
  switch (command.type) {
    case 'DecideCover':
      return decideCover(command, r);
    case 'RecordShipment':
      return recordShipment(command, r);
    case 'RecordAlert':
      return recordAlert(command, r);
    case 'MarkOverdue':
      return markOverdue(command, r);
    case 'EndWaitingPeriod':
      return endWaitingPeriod(command, r);
    case 'ExpireCover':
      return expireCover(command, r);
    case 'SendReminder':
      return sendReminder(command, r);
    case 'DeclareOverdue':
      return declareOverdue(command, r);
    case 'VoidCoverForMissingDeclaration':
      return voidCoverForMissingDeclaration(command, r);
    case 'HandOverToCollection':
      return handOverToCollection(command, r);
    case 'RecordCollectionRecovery':
      return recordCollectionRecovery(command, r);
    case 'OpenDispute':
      return openDispute(command, r);
    case 'ResolveDispute':
      return resolveDispute(command, r);
    case 'FileClaim':
      return fileClaim(command, r);
    case 'DecideClaim':
      return decideClaim(command, r);
    case 'PayIndemnity':
      return payIndemnity(command, r);
    case 'RecordRecovery':
      return recordRecovery(command, r);
    case 'RecordPayment':
      return recordPayment(command, r);
    case 'CloseReceivable':
      return closeReceivable(command, r);
    default:
      return assertNever(command);
  }
}

export const receivableDecider: Decider<ReceivableState, ReceivableCommand, ReceivableEvent> = {
  initialState: initialReceivableState,
  decide(command, state) {
    if (command.type === 'RegisterReceivable') return register(command, state);
    return decideOnRegistered(command, registered(state));
  },
  evolve: evolveReceivable,
};
