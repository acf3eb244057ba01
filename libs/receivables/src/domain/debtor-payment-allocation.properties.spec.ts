import fc from 'fast-check';
import { DomainError } from '@tc/kernel';
import { allocateDebtorPayment } from './debtor-payment-allocation';
import { grant, history, pay, register, ship, stateOf } from './receivable.fixtures';
import { outstandingOf, Receivable } from './receivable.state';

/** A debtor's open receivables under one policy: random amounts, due dates and part-payments. */
const portfolio = fc.array(
  fc.record({ amount: fc.integer({ min: 1_000, max: 5_000_000 }), dueInDays: fc.integer({ min: 1, max: 120 }), paidShare: fc.integer({ min: 0, max: 100 }), currency: fc.constantFrom('EUR', 'EUR', 'USD') }),
  { minLength: 1, maxLength: 12 },
);

function receivables(specs: { amount: number; dueInDays: number; paidShare: number; currency: string }[]) {
  return specs.map((spec, i) => {
    const due = new Date(Date.UTC(2026, 0, 15 + spec.dueInDays)).toISOString().slice(0, 10);
    const commands = [
      register({ receivableId: `r-${i}`, invoiceNumber: `INV-${String(i).padStart(3, '0')}`, amount: spec.amount, dueDate: due, currency: spec.currency, fxRate: spec.currency === 'EUR' ? undefined : 0.9 }),
      grant(),
      ship('2026-01-20'),
    ];
    const paid = Math.floor((spec.amount * spec.paidShare) / 100);
    if (paid > 0) commands.push(pay(`p-${i}`, paid, '2026-01-25'));
    return stateOf(history(...commands)) as Receivable;
  });
}

describe('debtor-level payments (DOMAIN.md: oldest due date first, a surplus refused)', () => {
  it('allocations always add up to the payment received, each within its receivable’s outstanding, oldest first', () => {
    fc.assert(
      fc.property(portfolio, fc.integer({ min: 1, max: 40_000_000 }), (specs, amount) => {
        const states = receivables(specs);
        const owed = states.filter((r) => r.currency === 'EUR').reduce((sum, r) => sum + outstandingOf(r), 0);
        if (amount > owed) {
          expect(() => allocateDebtorPayment(states, amount, 'EUR')).toThrow(expect.objectContaining({ code: 'OVERPAYMENT' }) as DomainError);
          return;
        }
        const allocations = allocateDebtorPayment(states, amount, 'EUR');
        expect(allocations.reduce((sum, a) => sum + a.amount, 0)).toBe(amount);
        const byId = new Map(states.map((r) => [r.receivableId, r]));
        for (const a of allocations) {
          const r = byId.get(a.receivableId)!;
          expect(r.currency).toBe('EUR');
          expect(a.amount).toBeGreaterThan(0);
          expect(a.amount).toBeLessThanOrEqual(outstandingOf(r));
        }
        // Every allocation but the last takes the whole outstanding of an older-or-equal receivable.
        allocations.slice(0, -1).forEach((a) => expect(a.amount).toBe(outstandingOf(byId.get(a.receivableId)!)));
        const dues = allocations.map((a) => byId.get(a.receivableId)!.dueDate);
        expect([...dues].sort()).toEqual(dues);
      }),
      { numRuns: 300 },
    );
  });
});
