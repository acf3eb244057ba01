import { CalendarDate, Decider, DomainError, Message, assertNever, deterministicUuid } from '@tc/kernel';
import { PaymentAllocation } from './debtor-payment-allocation';

/**
 * A debtor-level payment's allocation plan (stream `debtorpayment-<id>`), recorded before any
 * receivable is touched: a retry (same id) finds the plan and re-applies it, and each
 * allocation carries a payment id derived from the plan and the receivable, so applying it
 * twice records nothing twice.
 */
export interface PlannedAllocation extends PaymentAllocation {
  /** The receivable's paymentId (PAYMENT) or recoveryId (RECOVERY). */
  readonly paymentId: string;
}

export interface DebtorPaymentPlan {
  readonly debtorPaymentId: string;
  readonly policyId: string;
  readonly debtorId: string;
  readonly amount: number;
  readonly currency: string;
  readonly receivedAt: string;
  readonly receivedOn: CalendarDate;
  readonly reference: string;
  readonly allocations: readonly PlannedAllocation[];
}

export type RecordDebtorPayment = Message<'RecordDebtorPayment', DebtorPaymentPlan>;
export type DebtorPaymentAllocated = Message<'DebtorPaymentAllocated', DebtorPaymentPlan>;
export type DebtorPaymentState = { readonly status: 'NONE' } | ({ readonly status: 'ALLOCATED' } & DebtorPaymentPlan);

export const debtorPaymentStream = (debtorPaymentId: string): string => `debtorpayment-${debtorPaymentId}`;

/** The id an allocation is recorded under on its receivable: the same for every retry of the same plan. */
export const allocationPaymentId = (debtorPaymentId: string, receivableId: string): string =>
  deterministicUuid('trade-credit/debtor-payment-allocation', `${debtorPaymentId}/${receivableId}`);

/** The same request: what a retry must repeat for the recorded plan to stand for it. */
const sameRequest = (a: DebtorPaymentPlan, b: DebtorPaymentPlan): boolean =>
  a.policyId === b.policyId && a.debtorId === b.debtorId && a.amount === b.amount && a.currency === b.currency && a.receivedOn === b.receivedOn && a.reference === b.reference;

export const debtorPaymentDecider: Decider<DebtorPaymentState, RecordDebtorPayment, DebtorPaymentAllocated> = {
  initialState: () => ({ status: 'NONE' }),
  decide(command, state) {
    if (state.status === 'NONE') return [{ type: 'DebtorPaymentAllocated', data: command.data }];
    if (!sameRequest(state, command.data)) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', `debtor payment ${state.debtorPaymentId} was recorded with other details`, { debtorPaymentId: state.debtorPaymentId });
    }
    return []; // a retry: the plan recorded first stands
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DebtorPaymentAllocated':
        return state.status === 'NONE' ? { status: 'ALLOCATED', ...event.data } : state;
      default:
        return assertNever(event.type);
    }
  },
};
