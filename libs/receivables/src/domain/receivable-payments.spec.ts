import { DomainError } from '@tc/kernel';
import { DeciderSpecification } from '@tc/kernel/testing';
import { allocateDebtorPayment } from './debtor-payment-allocation';
import { receivableDecider } from './receivable.decider';
import {
  AMOUNT,
  SHIPPED_INSURED,
  approve,
  close,
  declare,
  fileClaim,
  grant,
  handOver,
  history,
  partial,
  pay,
  payIndemnity,
  receivableAfter,
  refuse,
  register,
  ship,
  voidCover,
} from './receivable.fixtures';
import { receivableView } from './receivable.view';
import { reservationOf } from './reservation';

const spec = DeciderSpecification.for(receivableDecider);
const insolvency = { debtorInsolvencyDate: '2026-06-01' };
const paid = (paymentId: string, amount: number, receivedOn: string) => ({
  type: 'PaymentRecorded' as const,
  data: { paymentId, amount, receivedAt: receivedOn, receivedOn, reference: 'bank transfer' },
});

describe('Payments', () => {
  it('reduce the outstanding at any step before the indemnity', () => {
    spec.given(history(register())).when(pay('p-1', 1_000_000, '2026-01-20')).then([paid('p-1', 1_000_000, '2026-01-20')]);
    spec.given(history(...SHIPPED_INSURED, handOver())).when(pay('p-1', 1_000_000, '2026-04-20')).then([paid('p-1', 1_000_000, '2026-04-20')]);
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(100))).when(pay('p-1', 1_000_000, '2026-06-25')).then([paid('p-1', 1_000_000, '2026-06-25')]);
    expect(receivableView(receivableAfter(...SHIPPED_INSURED, pay('p-1', 1_000_000, '2026-03-10')))).toMatchObject({ status: 'SHIPPED', paid: 1_000_000, payments: 1_000_000, outstanding: 5_000_000 });
  });

  it('a receivable paid in full is SETTLED, and releases its reservation', () => {
    spec
      .given(history(...SHIPPED_INSURED, pay('p-1', 1_000_000, '2026-03-10')))
      .when(pay('p-2', 5_000_000, '2026-03-15'))
      .then([paid('p-2', 5_000_000, '2026-03-15'), { type: 'ReceivableSettled', data: { settledOn: '2026-03-15' } }]);
    const state = receivableAfter(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-03-15'));
    expect(receivableView(state)).toMatchObject({ status: 'SETTLED', step: 3, outstanding: 0, settledAt: '2026-03-15' });
    expect(reservationOf(state, '2026-03-15')).toBe(0);
  });

  it('refuses an overpayment (OVERPAYMENT), also on a settled receivable', () => {
    spec.given(history(...SHIPPED_INSURED)).when(pay('p-1', AMOUNT + 1, '2026-03-10')).thenThrows('OVERPAYMENT', (e) => expect(e.details.outstanding).toBe(AMOUNT));
    spec.given(history(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-03-10'))).when(pay('p-2', 1, '2026-03-11')).thenThrows('OVERPAYMENT');
  });

  it('records a payment once per payment id; the same id with other details is refused (DUPLICATE_PAYMENT)', () => {
    const once = history(...SHIPPED_INSURED, pay('p-1', 1_000_000, '2026-03-10'));
    spec.given(once).when(pay('p-1', 1_000_000, '2026-03-10')).thenNothingHappens();
    spec.given(once).when(pay('p-1', 2_000_000, '2026-03-10')).thenThrows('DUPLICATE_PAYMENT');
  });

  it('after the indemnity, money from the debtor is a recovery, not a payment (INVALID_TRANSITION)', () => {
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(100), payIndemnity())).when(pay('p-1', 100, '2026-08-01')).thenThrows('INVALID_TRANSITION');
  });

  it('takes no payment on a closed receivable (INVALID_TRANSITION), nor one dated after today (FUTURE_DATE)', () => {
    spec.given(history(...SHIPPED_INSURED, close())).when(pay('p-1', 100, '2026-10-02')).thenThrows('INVALID_TRANSITION');
    spec.given(history(...SHIPPED_INSURED)).when({ type: 'RecordPayment', data: { paymentId: 'p-1', amount: 100, receivedAt: '2026-03-10', reference: 'x', today: '2026-03-09' } }).thenThrows('FUTURE_DATE');
  });
});

describe('Closure', () => {
  it('a claims handler closes a receivable when nothing more is expected → CLOSED, at the step it ended', () => {
    const indemnified = [...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(100), payIndemnity()];
    spec.given(history(...indemnified)).when(close()).then([{ type: 'ReceivableClosed', data: { closedAt: '2026-10-01', closedOn: '2026-10-01', reason: 'nothing more expected' } }]);
    const state = receivableAfter(...indemnified, close());
    expect(receivableView(state)).toMatchObject({ status: 'CLOSED', step: 6, closedAt: '2026-10-01' });
    expect(reservationOf(state, '2026-10-01')).toBe(0);
  });

  it('does not close a SETTLED or CLOSED receivable (INVALID_TRANSITION)', () => {
    spec.given(history(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-03-10'))).when(close()).thenThrows('INVALID_TRANSITION');
    spec.given(history(...SHIPPED_INSURED, close())).when(close()).thenThrows('INVALID_TRANSITION');
  });
});

describe('Reservation on the debtor’s limit', () => {
  it('is nothing while the request is pending, then the granted cover until shipment', () => {
    expect(reservationOf(receivableAfter(register()), '2026-01-15')).toBe(0);
    expect(reservationOf(receivableAfter(register(), partial(5_000_000)), '2026-01-16')).toBe(5_000_000);
  });

  it('is nothing once the cover validity passed before shipment', () => {
    const granted = receivableAfter(register(), grant());
    expect(reservationOf(granted, '2026-03-16')).toBe(AMOUNT);
    expect(reservationOf(granted, '2026-03-17')).toBe(0);
  });

  it('after shipment is min(cover in force, outstanding in policy currency): payments free the limit', () => {
    expect(reservationOf(receivableAfter(register(), partial(5_000_000), ship(), pay('p-1', 500_000, '2026-03-01')), '2026-03-01')).toBe(5_000_000);
    expect(reservationOf(receivableAfter(register(), partial(5_000_000), ship(), pay('p-1', 2_000_000, '2026-03-01')), '2026-03-01')).toBe(4_000_000);
  });

  it('drops to the cover in force after a reduction', () => {
    expect(reservationOf(receivableAfter(register(), grant(), ship('2026-01-20', { coverCeiling: 1_000_000 })), '2026-01-20')).toBe(1_000_000);
  });

  it('is nothing once refused, shipped uninsured, voided, settled or closed', () => {
    expect(reservationOf(receivableAfter(register(), refuse()), '2026-01-16')).toBe(0);
    expect(reservationOf(receivableAfter(register(), grant(), ship('2026-03-20')), '2026-03-20')).toBe(0);
    expect(reservationOf(receivableAfter(...SHIPPED_INSURED, voidCover()), '2026-05-16')).toBe(0);
    expect(reservationOf(receivableAfter(...SHIPPED_INSURED, declare('2026-05-20')), '2026-05-20')).toBe(0);
    expect(reservationOf(receivableAfter(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-03-01')), '2026-03-01')).toBe(0);
    expect(reservationOf(receivableAfter(...SHIPPED_INSURED, close('2026-03-01')), '2026-03-01')).toBe(0);
  });
});

describe('Debtor-level payments', () => {
  const receivable = (id: string, invoiceNumber: string, dueDate: string, amount: number, currency = 'EUR', ...more: Parameters<typeof history>) =>
    receivableAfter(
      register({ receivableId: id, invoiceNumber, dueDate, amount, currency, ...(currency === 'EUR' ? {} : { fxRate: 0.9 }) }),
      grant(),
      ship('2026-01-20'),
      ...more,
    );

  it('go to the open receivables in that currency, oldest due date first, then invoice number', () => {
    const receivables = [
      receivable('r-late', 'INV-1', '2026-03-31', 100_000),
      receivable('r-b', 'INV-3', '2026-02-28', 100_000),
      receivable('r-a', 'INV-2', '2026-02-28', 100_000),
      receivable('r-usd', 'INV-0', '2026-02-01', 100_000, 'USD'),
      receivable('r-paid', 'INV-9', '2026-01-31', 100_000, 'EUR', pay('p', 100_000, '2026-01-25')),
    ];
    expect(allocateDebtorPayment(receivables, 250_000, 'EUR')).toEqual([
      { receivableId: 'r-a', amount: 100_000, as: 'PAYMENT' },
      { receivableId: 'r-b', amount: 100_000, as: 'PAYMENT' },
      { receivableId: 'r-late', amount: 50_000, as: 'PAYMENT' },
    ]);
  });

  it('counts what each receivable still owes', () => {
    const receivables = [receivable('r-a', 'INV-1', '2026-02-28', 100_000, 'EUR', pay('p', 60_000, '2026-01-25')), receivable('r-b', 'INV-2', '2026-03-31', 100_000)];
    expect(allocateDebtorPayment(receivables, 100_000, 'EUR')).toEqual([
      { receivableId: 'r-a', amount: 40_000, as: 'PAYMENT' },
      { receivableId: 'r-b', amount: 60_000, as: 'PAYMENT' },
    ]);
  });

  it('after an indemnity, the share for that receivable is a recovery', () => {
    const indemnified = receivable('r-a', 'INV-1', '2026-02-28', 100_000, 'EUR', fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(90_000), payIndemnity());
    expect(allocateDebtorPayment([indemnified], 10_000, 'EUR')).toEqual([{ receivableId: 'r-a', amount: 10_000, as: 'RECOVERY' }]);
  });

  it('refuses a surplus over what the debtor owes (OVERPAYMENT)', () => {
    const receivables = [receivable('r-a', 'INV-1', '2026-02-28', 100_000)];
    expect(() => allocateDebtorPayment(receivables, 100_001, 'EUR')).toThrow(DomainError);
    try {
      allocateDebtorPayment(receivables, 100_001, 'EUR');
    } catch (e) {
      expect(e).toMatchObject({ code: 'OVERPAYMENT', details: { surplus: 1, outstanding: 100_000 } });
    }
    expect(() => allocateDebtorPayment(receivables, 1, 'USD')).toThrow(expect.objectContaining({ code: 'OVERPAYMENT' }));
  });
});

describe('The receivable view (GET /v1/receivables/:id)', () => {
  it('carries the fields of API.md, and nothing for an unregistered receivable', () => {
    const view = receivableView(receivableAfter(...SHIPPED_INSURED));
    for (const field of [
      'id', 'policyId', 'debtorId', 'invoiceNumber', 'status', 'step', 'insured', 'coverVoided', 'disputed',
      'currency', 'amount', 'paid', 'outstanding',
      'policyCurrency', 'coveredAmount', 'coverInForce', 'insuredLoss', 'indemnity', 'recoveredToInsurer', 'recoveredToInsured',
      'invoiceDate', 'dueDate', 'requestedAt', 'decidedAt', 'shippedAt', 'overdueSince', 'declaredAt', 'handedOverAt',
      'claimFiledAt', 'dateOfLoss', 'claimDecidedAt', 'indemnityPaidAt', 'settledAt', 'closedAt', 'claim', 'alerts',
    ]) {
      expect(view).toHaveProperty(field);
    }
    expect(receivableView(receivableDecider.initialState())).toBeNull();
  });
});
