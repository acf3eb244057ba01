import { CalendarDate, fold } from '@tc/kernel';
import {
  ClaimReason,
  ReceivableCommand,
  ReceivablePolicyTerms,
  RegisterReceivable,
} from './receivable.commands';
import { receivableDecider } from './receivable.decider';
import { ReceivableEvent } from './receivable.events';
import { Receivable, ReceivableState } from './receivable.state';

/**
 * Test-only builders for the receivable specs: commands with the worked example's defaults
 * (DOMAIN.md: 60,000.00 EUR invoiced 2026-01-15, due 2026-03-16, every term at its default),
 * and `history(...)`, which turns commands into the events the decider itself produces, so a
 * `given` is always a history the aggregate could have recorded.
 */
export const TERMS: ReceivablePolicyTerms = {
  maxCreditTermDays: 120,
  reminderDays: [7, 21],
  overdueDeclarationDays: 60,
  collectionHandoverDays: 30,
  waitingPeriodDays: 150,
  insuredPercentage: 90,
  discretionaryLimit: 2_000_000,
};

export const TODAY: CalendarDate = '2027-06-30';
export const RECEIVABLE_ID = 'rcv-0001';
export const INVOICE_DATE = '2026-01-15';
export const DUE_DATE = '2026-03-16';
export const AMOUNT = 6_000_000;

type Data<T extends ReceivableCommand['type']> = Extract<ReceivableCommand, { type: T }>['data'];
type Without<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export const register = (over: Partial<RegisterReceivable['data']> = {}): RegisterReceivable => ({
  type: 'RegisterReceivable',
  data: {
    receivableId: RECEIVABLE_ID,
    policyId: 'pol-1',
    debtorId: 'deb-1',
    invoiceNumber: 'INV-2026-001',
    invoiceDate: INVOICE_DATE,
    dueDate: DUE_DATE,
    amount: AMOUNT,
    currency: 'EUR',
    policy: { currency: 'EUR', ...TERMS },
    debtor: { insolvencyDate: null },
    today: TODAY,
    ...over,
  },
});

export const grant = (over: Partial<Data<'DecideCover'>> = {}): ReceivableCommand => ({
  type: 'DecideCover',
  data: { decision: 'GRANTED', decidedAt: '2026-01-16', automatic: false, conditions: [], today: TODAY, ...over },
});

export const partial = (amount: number, over: Partial<Data<'DecideCover'>> = {}): ReceivableCommand =>
  grant({ decision: 'PARTIAL', amount, validUntil: '2026-12-31', ...over });

export const refuse = (over: Partial<Data<'DecideCover'>> = {}): ReceivableCommand => grant({ decision: 'REFUSED', reason: 'weak rating', ...over });

export const ship = (shippedAt = '2026-01-20', over: Partial<Data<'RecordShipment'>> = {}): ReceivableCommand => ({
  type: 'RecordShipment',
  data: { shippedAt, debtorInsolvencyDate: null, coverCeiling: null, today: TODAY, ...over },
});

export const alert = (alertId: string, over: Partial<Data<'RecordAlert'>> = {}): ReceivableCommand => ({
  type: 'RecordAlert',
  data: { alertId, kind: 'RATING_DOWNGRADE', severity: 'warning', date: '2026-02-01', grade: 3, previousGrade: 6, ...over },
});

export const insolvencyAlert = (date: CalendarDate): ReceivableCommand => ({
  type: 'RecordAlert',
  data: { alertId: `insolvency-${date}`, kind: 'INSOLVENCY', severity: 'critical', date, insolvencyDate: date },
});

export const markOverdue = (date = '2026-03-17'): ReceivableCommand => ({ type: 'MarkOverdue', data: { date, today: TODAY } });

export const remind = (reminderNumber: number, date: CalendarDate): ReceivableCommand => ({ type: 'SendReminder', data: { reminderNumber, date, today: TODAY } });

export const declare = (declaredAt: string, today = TODAY): ReceivableCommand => ({ type: 'DeclareOverdue', data: { declaredAt, today } });

export const voidCover = (date = '2026-05-16'): ReceivableCommand => ({ type: 'VoidCoverForMissingDeclaration', data: { date, today: TODAY } });

export const handOver = (handedOverAt = '2026-04-15', over: Partial<Data<'HandOverToCollection'>> = {}): ReceivableCommand => ({
  type: 'HandOverToCollection',
  data: { handedOverAt, agency: 'Collect & Co', automatic: false, today: TODAY, ...over },
});

export const collect = (amount: number, recoveredAt: string): ReceivableCommand => ({ type: 'RecordCollectionRecovery', data: { amount, recoveredAt, today: TODAY } });

export const dispute = (openedAt = '2026-02-10'): ReceivableCommand => ({ type: 'OpenDispute', data: { openedAt, reason: 'goods damaged', today: TODAY } });

export const resolve = (outcome: 'UPHELD' | 'CANCELLED', resolvedAt = '2026-02-20'): ReceivableCommand => ({ type: 'ResolveDispute', data: { resolvedAt, outcome, today: TODAY } });

export const fileClaim = (reason: ClaimReason, filedAt: string, over: Partial<Without<Data<'FileClaim'>, 'reason' | 'filedAt'>> = {}): ReceivableCommand => ({
  type: 'FileClaim',
  data: { reason, filedAt, debtorInsolvencyDate: null, politicalRiskActiveOnShipment: false, preShipmentOptionActive: false, today: TODAY, ...over },
});

export const approve = (indemnity: number, decidedAt = '2026-06-20'): ReceivableCommand => ({ type: 'DecideClaim', data: { decision: 'APPROVED', decidedAt, indemnity, today: TODAY } });

export const reject = (decidedAt = '2026-06-20', reason = 'exclusion'): ReceivableCommand => ({ type: 'DecideClaim', data: { decision: 'REJECTED', decidedAt, reason, today: TODAY } });

export const payIndemnity = (paidAt = '2026-07-15'): ReceivableCommand => ({ type: 'PayIndemnity', data: { paidAt, today: TODAY } });

export const recover = (amount: number, recoveredAt: string): ReceivableCommand => ({ type: 'RecordRecovery', data: { amount, recoveredAt, today: TODAY } });

export const pay = (paymentId: string, amount: number, receivedAt: string, reference = 'bank transfer'): ReceivableCommand => ({
  type: 'RecordPayment',
  data: { paymentId, amount, receivedAt, reference, today: TODAY },
});

export const close = (closedAt = '2026-10-01', reason = 'nothing more expected'): ReceivableCommand => ({ type: 'CloseReceivable', data: { closedAt, reason, today: TODAY } });

/** The events the decider records for these commands, in order; a refused command fails the test. */
export function history(...commands: ReceivableCommand[]): ReceivableEvent[] {
  const events: ReceivableEvent[] = [];
  let state = receivableDecider.initialState();
  for (const command of commands) {
    const produced = receivableDecider.decide(command, state);
    state = fold(receivableDecider, produced, state);
    events.push(...produced);
  }
  return events;
}

export const stateOf = (events: readonly ReceivableEvent[]): ReceivableState => fold(receivableDecider, events);

/** The registered state after these commands. */
export function receivableAfter(...commands: ReceivableCommand[]): Receivable {
  const state = stateOf(history(...commands));
  if (state.status === 'UNREGISTERED') throw new Error('not registered');
  return state;
}

/** Registered, granted in full (60,000.00 valid until the due date), shipped insured on 2026-01-20. */
export const SHIPPED_INSURED = [register(), grant(), ship()];
