import { DomainError, Money } from '@tc/kernel';
import { Receivable, ReceivableState, isOpen, isRegistered, outstandingOf } from './receivable.state';

export interface PaymentAllocation {
  readonly receivableId: string;
  /** Receivable currency (= the payment's). */
  readonly amount: number;
  /** PAYMENT before the indemnity; after it, money from the debtor is a RECOVERY (shared with the insurer). */
  readonly as: 'PAYMENT' | 'RECOVERY';
}

const byAge = (a: Receivable, b: Receivable): number =>
  a.dueDate !== b.dueDate
    ? a.dueDate < b.dueDate ? -1 : 1
    : a.invoiceNumber !== b.invoiceNumber
      ? a.invoiceNumber < b.invoiceNumber ? -1 : 1
      : a.receivableId < b.receivableId ? -1 : a.receivableId > b.receivableId ? 1 : 0;

/**
 * DOMAIN.md "Debtor-level payments": a payment from a debtor goes to its open receivables
 * under the policy in that currency, oldest due date first (then invoice number); a surplus
 * is refused (OVERPAYMENT). The caller passes the states of that debtor's receivables under
 * that policy; the application layer then sends one RecordPayment (or RecordRecovery) per
 * allocation, each with a payment id derived from the debtor-level payment.
 */
export function allocateDebtorPayment(receivables: readonly ReceivableState[], amount: number, currency: string): PaymentAllocation[] {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new DomainError('VALIDATION_FAILED', 'amount must be a positive integer (minor units)', { errors: [{ field: 'amount', message: 'must be a positive integer (minor units)' }] });
  }
  const open = receivables
    .filter(isRegistered)
    .filter((r) => isOpen(r) && r.currency === currency && outstandingOf(r) > 0)
    .sort(byAge);
  const allocations: PaymentAllocation[] = [];
  let left = amount;
  for (const r of open) {
    if (left === 0) break;
    const share = Math.min(left, outstandingOf(r));
    allocations.push({ receivableId: r.receivableId, amount: share, as: r.claim?.status === 'PAID' ? 'RECOVERY' : 'PAYMENT' });
    left -= share;
  }
  if (left > 0) {
    const owed = amount - left;
    throw new DomainError(
      'OVERPAYMENT',
      `the debtor owes ${Money.of(owed, currency).toString()} on its open receivables in ${currency}: ${Money.of(left, currency).toString()} of the payment would be left over`,
      { surplus: left, outstanding: owed },
    );
  }
  return allocations;
}
