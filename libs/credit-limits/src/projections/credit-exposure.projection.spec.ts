import { addDays } from '@tc/kernel';
import { CreditLimitEvent, creditLimitDecider, limitInForce } from '../domain';
import { LimitSegment, limitChanges, limitSchedule } from './credit-exposure.projection';

const identity = { policyId: 'pol-1', debtorId: 'deb-1', currency: 'EUR' };
const DISCRETIONARY = 2_000_000;

const set = (amount: number, effectiveFrom: string, validUntil: string): CreditLimitEvent => ({
  type: 'CreditLimitSet',
  data: { ...identity, amount, effectiveFrom, validUntil, conditions: [], decidedAt: '2026-01-01', decidedOn: '2026-01-01', previousAmount: null },
});
const reduced = (amount: number, effectiveDate: string): CreditLimitEvent => ({
  type: 'CreditLimitReduced',
  data: { ...identity, amount, previousAmount: 0, noticeDate: addDays(effectiveDate, -30), effectiveDate, limitReductionNoticeDays: 30 },
});
const toppedUp = (topUpId: string, amount: number, from: string, until: string): CreditLimitEvent => ({ type: 'CreditLimitToppedUp', data: { ...identity, topUpId, amount, from, until } });

const fold = (events: CreditLimitEvent[]) => events.reduce(creditLimitDecider.evolve, creditLimitDecider.initialState());
const onDay = (schedule: readonly LimitSegment[], date: string) => schedule.reduce((sum, s) => (s.from <= date && date <= s.until ? sum + s.amount : sum), 0);

/** The schedule is what lets the dashboards sum "the limit in force today" with one range query: it must agree with the credit limit's own rule on every day. */
describe('the limit schedule of the exposure view', () => {
  const histories: Record<string, CreditLimitEvent[]> = {
    'no named limit: the discretionary limit every day': [toppedUp('t1', 300_000, '2026-02-01', '2026-02-28')],
    'a named limit from a date until its validity ends, then 0': [set(8_000_000, '2026-01-01', '2026-12-31')],
    'a reduction from its effective date, a withdrawal later, top-ups over their own ranges': [
      set(8_000_000, '2026-01-01', '2027-12-31'),
      reduced(4_000_000, '2026-05-01'),
      toppedUp('t1', 1_000_000, '2026-03-01', '2026-06-30'),
      toppedUp('t2', 500_000, '2026-06-15', '2026-07-15'),
      reduced(0, '2026-10-01'),
    ],
    'a later decision replaces the amount; a reduction never raises a day': [set(5_000_000, '2026-01-01', '2026-06-30'), reduced(3_000_000, '2026-03-01'), set(6_000_000, '2026-04-01', '2027-03-31'), reduced(7_000_000, '2026-09-01')],
  };

  it.each(Object.entries(histories))('%s', (_name, events) => {
    const state = fold(events);
    const schedule = limitSchedule(state, DISCRETIONARY);
    for (let date = '2025-12-01'; date <= '2028-01-31'; date = addDays(date, 1)) {
      expect([date, onDay(schedule, date)]).toEqual([date, limitInForce(state, date, DISCRETIONARY)]);
    }
    expect(schedule.every((s) => s.amount > 0 && s.from <= s.until)).toBe(true);
  });

  it('as changes by date, summed up to a day, gives the limit in force that day; replacing a schedule moves only the difference', () => {
    const upTo = (changes: Map<string, number>, date: string) => [...changes].reduce((sum, [day, amount]) => (day <= date ? sum + amount : sum), 0);
    const schedules = Object.values(histories).map((events) => limitSchedule(fold(events), DISCRETIONARY));
    for (const [i, schedule] of schedules.entries()) {
      // Moving from the previous history's schedule to this one, as the projection does on an event.
      const previous = schedules[i - 1] ?? [];
      const book = limitChanges(previous);
      limitChanges(previous, -1, limitChanges(schedule, 1, book));
      for (let date = '2025-12-01'; date <= '2028-01-31'; date = addDays(date, 1)) {
        expect([date, upTo(limitChanges(schedule), date)]).toEqual([date, onDay(schedule, date)]);
        expect([date, upTo(book, date)]).toEqual([date, onDay(schedule, date)]);
      }
    }
  });

  it('is short: one range per change, equal neighbours merged', () => {
    expect(limitSchedule(fold(histories['a named limit from a date until its validity ends, then 0']), DISCRETIONARY)).toEqual([
      { from: '0001-01-01', until: '2025-12-31', amount: DISCRETIONARY, kind: 'DISCRETIONARY' },
      { from: '2026-01-01', until: '2026-12-31', amount: 8_000_000, kind: 'NAMED' },
    ]);
  });
});
