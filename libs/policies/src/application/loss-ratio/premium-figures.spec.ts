import { addDays, addYears } from '@tc/kernel';
import { policyYearsStarted } from '../../domain';
import { billedCatchesUpOn } from '../../projections/policy-premiums.projection';
import { startedBy } from './premium-figures';

/**
 * The loss ratio's premium for the whole book is summed with range queries; these are the two
 * equivalences it rests on, checked against the policy's own count of policy years.
 */
describe('premium billed by today, as range conditions', () => {
  const days = (from: string, to: string) => {
    const all: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) all.push(d);
    return all;
  };
  const starts = ['2024-02-29', '2024-03-01', '2025-02-28', '2025-03-01', '2025-12-31', '2026-01-01'];

  it('policy year j+1 has started by today exactly when effectiveFrom ≤ startedBy(today, j), 29 February included', () => {
    for (const today of days('2026-02-20', '2028-03-05')) {
      for (const effectiveFrom of starts) {
        let years = 0;
        for (let j = 0; j < 6; j++) if (effectiveFrom <= startedBy(today, j)) years++;
        expect([today, effectiveFrom, years]).toEqual([today, effectiveFrom, policyYearsStarted(effectiveFrom, today)]);
        for (let j = 0; j < 6; j++) expect(effectiveFrom <= startedBy(today, j)).toBe(addYears(effectiveFrom, j) <= today);
      }
    }
  });

  it('max(billed, due) is the billed premium from billedCatchesUpOn on, the due premium before', () => {
    const annual = 1_200_000;
    for (const due of [0, 1, 300_000, 1_200_000, 1_200_001, 3_000_000]) {
      for (const today of days('2025-12-25', '2029-01-05')) {
        const billed = annual * policyYearsStarted('2026-01-01', today);
        const premium = billedCatchesUpOn('2026-01-01', annual, due) <= today ? billed : due;
        expect([due, today, premium]).toEqual([due, today, Math.max(billed, due)]);
      }
    }
  });
});
