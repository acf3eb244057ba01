import { DeciderSpecification } from '@tc/kernel/testing';
import { ReserveExposure } from './credit-limit.commands';
import { creditLimitDecider } from './credit-limit.decider';
import { CreditLimitEvent, CreditLimitReduced, CreditLimitSet, CreditLimitToppedUp, ExposureReleased, ExposureReserved } from './credit-limit.events';
import { availableOn, coverCeiling, creditLimitStream, creditLimitView, limitInForce, namedAmountInForce, reservationOf, reservedTotal, topUpOn } from './credit-limit.state';

const identity = { policyId: 'pol-1', debtorId: 'deb-1', currency: 'EUR' };
const TODAY = '2026-06-30';
const DISCRETIONARY = 2_000_000; // 20,000.00 EUR, the policy default

// ---- events

const limitSet = (amount: number, effectiveFrom: string, validUntil: string, previousAmount: number | null = null, decidedOn = '2026-01-01'): CreditLimitSet => ({
  type: 'CreditLimitSet',
  data: { ...identity, amount, effectiveFrom, validUntil, conditions: [], decidedAt: decidedOn, decidedOn, previousAmount },
});
const reduced = (amount: number, previousAmount: number, noticeDate: string, effectiveDate: string, limitReductionNoticeDays = 30): CreditLimitReduced => ({
  type: 'CreditLimitReduced',
  data: { ...identity, amount, previousAmount, noticeDate, effectiveDate, limitReductionNoticeDays },
});
const toppedUp = (topUpId: string, amount: number, from: string, until: string): CreditLimitToppedUp => ({
  type: 'CreditLimitToppedUp',
  data: { ...identity, topUpId, amount, from, until },
});
const reserved = (
  receivableId: string,
  amount: number,
  o: { previousAmount?: number; date?: string; reservedTotal: number; limitInForce: number; discretionaryLimit?: number; shipped?: boolean },
): ExposureReserved => ({
  type: 'ExposureReserved',
  data: {
    ...identity,
    receivableId,
    amount,
    previousAmount: o.previousAmount ?? 0,
    date: o.date ?? '2026-01-16',
    reservedTotal: o.reservedTotal,
    discretionaryLimit: o.discretionaryLimit ?? DISCRETIONARY,
    limitInForce: o.limitInForce,
    shipped: o.shipped ?? false,
  },
});
const released = (receivableId: string, previousAmount: number, reservedTotal: number, date = '2026-03-01'): ExposureReleased => ({
  type: 'ExposureReleased',
  data: { ...identity, receivableId, previousAmount, date, reservedTotal },
});

// ---- commands

const setLimit = (amount: number, effectiveFrom: string, validUntil: string, o: { decidedAt?: string; today?: string; currency?: string; conditions?: string[] } = {}) => ({
  type: 'SetCreditLimit' as const,
  data: { ...identity, currency: o.currency ?? 'EUR', amount, effectiveFrom, validUntil, conditions: o.conditions ?? [], decidedAt: o.decidedAt ?? '2026-01-01', today: o.today ?? TODAY },
});
const reduce = (amount: number, noticeDate: string, o: { effectiveDate?: string; days?: number; today?: string } = {}) => ({
  type: 'ReduceCreditLimit' as const,
  data: { amount, noticeDate, effectiveDate: o.effectiveDate, limitReductionNoticeDays: o.days ?? 30, today: o.today ?? TODAY },
});
const topUp = (topUpId: string, amount: number, from: string, until: string) => ({
  type: 'TopUpCreditLimit' as const,
  data: { ...identity, topUpId, amount, from, until, today: TODAY },
});
const reserve = (receivableId: string, amount: number, date = '2026-01-16', discretionaryLimit = DISCRETIONARY): ReserveExposure => ({
  type: 'ReserveExposure',
  data: { ...identity, receivableId, amount, date, discretionaryLimit },
});
const release = (receivableId: string, date = '2026-03-01') => ({ type: 'ReleaseExposure' as const, data: { receivableId, date } });

const fold = (events: CreditLimitEvent[]) => events.reduce(creditLimitDecider.evolve, creditLimitDecider.initialState());

// The worked example of DOMAIN.md: a named limit of 80,000.00 EUR from 2026-01-01 until 2027-12-31.
const named80k = limitSet(8_000_000, '2026-01-01', '2027-12-31');

describe('Credit limit', () => {
  const spec = DeciderSpecification.for(creditLimitDecider);

  describe('the worked example', () => {
    it('reserves 50,000.00 on 2026-01-16 within the named limit of 80,000.00', () => {
      spec.given([named80k]).when(reserve('r-1', 5_000_000)).then([reserved('r-1', 5_000_000, { reservedTotal: 5_000_000, limitInForce: 8_000_000 })]);
    });

    it('refuses another 40,000.00 for another receivable: INSUFFICIENT_HEADROOM, available 30,000.00', () => {
      spec
        .given([named80k, reserved('r-1', 5_000_000, { reservedTotal: 5_000_000, limitInForce: 8_000_000 })])
        .when(reserve('r-2', 4_000_000))
        .thenThrows('INSUFFICIENT_HEADROOM', (e) => {
          expect(e.details).toMatchObject({ limitInForce: 8_000_000, reserved: 5_000_000, available: 3_000_000 });
          expect(e.message).toContain('30000.00 EUR');
        });
    });
  });

  describe('named limit', () => {
    it('sets a named limit with its amount, effectiveFrom, validity end and conditions, opening the stream', () => {
      spec
        .given([])
        .when(setLimit(8_000_000, '2026-01-01', '2027-12-31', { conditions: ['payment by letter of credit'] }))
        .then([{ ...named80k, data: { ...named80k.data, conditions: ['payment by letter of credit'] } }]);
    });

    it('lets term dates (effectiveFrom, validUntil) lie in the future', () => {
      spec.given([]).when(setLimit(100_000, '2026-09-01', '2028-12-31')).then([limitSet(100_000, '2026-09-01', '2028-12-31')]);
    });

    it('refuses a decision dated after today (FUTURE_DATE)', () => {
      spec.given([]).when(setLimit(100_000, '2026-01-01', '2026-12-31', { decidedAt: '2026-07-01T08:00:00Z', today: TODAY })).thenThrows('FUTURE_DATE');
    });

    it('refuses a validity end before effectiveFrom (INVALID_PERIOD), but accepts a one-day validity', () => {
      spec.given([]).when(setLimit(100_000, '2026-03-01', '2026-02-28')).thenThrows('INVALID_PERIOD');
      spec.given([]).when(setLimit(100_000, '2026-03-01', '2026-03-01')).then([limitSet(100_000, '2026-03-01', '2026-03-01')]);
    });

    it('refuses an amount that is not a non-negative integer of minor units', () => {
      spec.given([]).when(setLimit(-1, '2026-01-01', '2026-12-31')).thenThrows('VALIDATION_FAILED');
      spec.given([]).when(setLimit(10.5, '2026-01-01', '2026-12-31')).thenThrows('VALIDATION_FAILED');
    });

    it('keeps every amount in the policy currency recorded on the stream (CURRENCY_MISMATCH)', () => {
      spec.given([named80k]).when(setLimit(100_000, '2026-01-01', '2026-12-31', { currency: 'USD' })).thenThrows('CURRENCY_MISMATCH');
      spec.given([named80k]).when({ ...reserve('r-1', 1), data: { ...reserve('r-1', 1).data, currency: 'GBP' } }).thenThrows('CURRENCY_MISMATCH');
    });

    it('setting again replaces the named amount from the new effectiveFrom and keeps the schedule before it', () => {
      spec.given([named80k]).when(setLimit(12_000_000, '2026-07-01', '2027-12-31')).then([limitSet(12_000_000, '2026-07-01', '2027-12-31', 8_000_000)]);
      const state = fold([named80k, limitSet(12_000_000, '2026-07-01', '2027-12-31', 8_000_000)]);
      expect(namedAmountInForce(state, '2026-06-30')).toBe(8_000_000);
      expect(namedAmountInForce(state, '2026-07-01')).toBe(12_000_000);
    });

    it('a later decision replaces an earlier one even when its effectiveFrom is earlier', () => {
      const state = fold([limitSet(8_000_000, '2026-03-01', '2027-12-31'), limitSet(5_000_000, '2026-01-01', '2026-12-31')]);
      expect(namedAmountInForce(state, '2026-04-01')).toBe(5_000_000);
      expect(namedAmountInForce(state, '2027-01-01')).toBe(0);
    });

    it('re-sending the same decision appends nothing', () => {
      spec.given([named80k]).when(setLimit(8_000_000, '2026-01-01', '2027-12-31')).thenNothingHappens();
    });

    it('is 0 once its validity has passed (the discretionary limit does not come back)', () => {
      const state = fold([named80k]);
      expect(limitInForce(state, '2027-12-31', DISCRETIONARY)).toBe(8_000_000);
      expect(limitInForce(state, '2028-01-01', DISCRETIONARY)).toBe(0);
      spec.given([named80k]).when(reserve('r-1', 100, '2028-01-01')).thenThrows('INSUFFICIENT_HEADROOM');
    });

    it('a named limit of 0 replaces the discretionary limit', () => {
      const zero = limitSet(0, '2026-01-01', '2027-12-31');
      spec.given([zero]).when(reserve('r-1', 100)).thenThrows('INSUFFICIENT_HEADROOM', (e) => expect(e.details).toMatchObject({ limitInForce: 0, available: 0 }));
    });
  });

  describe('discretionary limit (no named limit on the debtor)', () => {
    it('grants within the discretionary limit, the first reservation opening the stream', () => {
      spec.given([]).when(reserve('r-1', 2_000_000)).then([reserved('r-1', 2_000_000, { reservedTotal: 2_000_000, limitInForce: 2_000_000 })]);
    });

    it('refuses beyond the discretionary limit (INSUFFICIENT_HEADROOM)', () => {
      spec.given([]).when(reserve('r-1', 2_000_001)).thenThrows('INSUFFICIENT_HEADROOM', (e) => expect(e.details).toMatchObject({ limitInForce: 2_000_000, reserved: 0, available: 2_000_000 }));
    });

    it('limit in force = discretionary limit + top-ups', () => {
      const boosted = toppedUp('t-1', 1_000_000, '2026-01-01', '2026-01-31');
      spec.given([boosted]).when(reserve('r-1', 3_000_000)).then([reserved('r-1', 3_000_000, { reservedTotal: 3_000_000, limitInForce: 3_000_000 })]);
      spec.given([boosted]).when(reserve('r-1', 3_000_001)).thenThrows('INSUFFICIENT_HEADROOM');
    });

    it('applies before the named limit takes effect', () => {
      const later = limitSet(8_000_000, '2026-03-01', '2027-12-31');
      spec.given([later]).when(reserve('r-1', 2_500_000, '2026-02-28')).thenThrows('INSUFFICIENT_HEADROOM', (e) => expect(e.details).toMatchObject({ limitInForce: 2_000_000 }));
      spec.given([later]).when(reserve('r-1', 2_500_000, '2026-03-01')).then([reserved('r-1', 2_500_000, { date: '2026-03-01', reservedTotal: 2_500_000, limitInForce: 8_000_000 })]);
    });

    it("takes the policy's discretionary limit sent with the reservation, and records it for the views", () => {
      spec.given([]).when(reserve('r-1', 2_500_000, '2026-01-16', 3_000_000)).then([reserved('r-1', 2_500_000, { reservedTotal: 2_500_000, limitInForce: 3_000_000, discretionaryLimit: 3_000_000 })]);
      const state = fold([reserved('r-1', 2_500_000, { reservedTotal: 2_500_000, limitInForce: 3_000_000, discretionaryLimit: 3_000_000 })]);
      expect(creditLimitView(state, '2026-01-16')).toEqual({ amount: null, topUp: 0, limitInForce: 3_000_000, reserved: 2_500_000, available: 500_000, discretionary: true });
    });
  });

  describe('reduction', () => {
    it('takes effect at notice date + limitReductionNoticeDays (default 30)', () => {
      spec.given([named80k]).when(reduce(4_000_000, '2026-03-01')).then([reduced(4_000_000, 8_000_000, '2026-03-01', '2026-03-31')]);
      const state = fold([named80k, reduced(4_000_000, 8_000_000, '2026-03-01', '2026-03-31')]);
      expect(limitInForce(state, '2026-03-30')).toBe(8_000_000);
      expect(limitInForce(state, '2026-03-31')).toBe(4_000_000);
    });

    it("uses the policy's notice period", () => {
      spec.given([named80k]).when(reduce(4_000_000, '2026-03-01', { days: 10 })).then([reduced(4_000_000, 8_000_000, '2026-03-01', '2026-03-11', 10)]);
    });

    it('takes effect at a later date when one is given', () => {
      spec.given([named80k]).when(reduce(4_000_000, '2026-03-01', { effectiveDate: '2026-05-01' })).then([reduced(4_000_000, 8_000_000, '2026-03-01', '2026-05-01')]);
    });

    it('refuses an effective date before the end of the notice period (NOTICE_PERIOD_NOT_RESPECTED)', () => {
      spec
        .given([named80k])
        .when(reduce(4_000_000, '2026-03-01', { effectiveDate: '2026-03-30' }))
        .thenThrows('NOTICE_PERIOD_NOT_RESPECTED', (e) => expect(e.details.earliestEffectiveDate).toBe('2026-03-31'));
    });

    it('refuses a notice dated after today (FUTURE_DATE)', () => {
      spec.given([named80k]).when(reduce(4_000_000, '2026-07-01', { today: TODAY })).thenThrows('FUTURE_DATE');
    });

    it('needs a named limit (NO_NAMED_LIMIT)', () => {
      spec.given([]).when(reduce(0, '2026-03-01')).thenThrows('NO_NAMED_LIMIT');
      spec.given([reserved('r-1', 100, { reservedTotal: 100, limitInForce: DISCRETIONARY })]).when(reduce(0, '2026-03-01')).thenThrows('NO_NAMED_LIMIT');
      // on its effective date only the discretionary limit would be in force
      spec.given([limitSet(8_000_000, '2026-06-01', '2027-12-31')]).when(reduce(0, '2026-03-01')).thenThrows('NO_NAMED_LIMIT');
    });

    it('must lower the named amount in force at its effective date (NOT_A_REDUCTION)', () => {
      spec.given([named80k]).when(reduce(8_000_000, '2026-03-01')).thenThrows('NOT_A_REDUCTION', (e) => expect(e.details.namedAmount).toBe(8_000_000));
      spec.given([named80k]).when(reduce(9_000_000, '2026-03-01')).thenThrows('NOT_A_REDUCTION');
      const loweredMidMarch = limitSet(3_000_000, '2026-03-15', '2027-12-31', 8_000_000);
      spec.given([named80k, loweredMidMarch]).when(reduce(5_000_000, '2026-03-01')).thenThrows('NOT_A_REDUCTION', (e) => expect(e.details.namedAmount).toBe(3_000_000));
    });

    it('withdraws the limit with a new named amount of 0', () => {
      spec.given([named80k]).when(reduce(0, '2026-03-01')).then([reduced(0, 8_000_000, '2026-03-01', '2026-03-31')]);
      const state = fold([named80k, reduced(0, 8_000_000, '2026-03-01', '2026-03-31')]);
      expect(creditLimitView(state, '2026-04-01', DISCRETIONARY)).toEqual({ amount: 0, topUp: 0, limitInForce: 0, reserved: 0, available: 0, discretionary: false });
    });

    it('does not bring back an increase scheduled before it; a later decision replaces it', () => {
      const increase = limitSet(12_000_000, '2026-06-01', '2027-12-31', 8_000_000);
      const withdrawal = reduced(0, 8_000_000, '2026-03-01', '2026-03-31');
      expect(namedAmountInForce(fold([named80k, increase, withdrawal]), '2026-07-01')).toBe(0);
      expect(namedAmountInForce(fold([named80k, increase, withdrawal, limitSet(1_000_000, '2026-07-01', '2027-12-31', 0)]), '2026-07-01')).toBe(1_000_000);
    });

    it('re-sending the same reduction appends nothing', () => {
      spec.given([named80k, reduced(4_000_000, 8_000_000, '2026-03-01', '2026-03-31')]).when(reduce(4_000_000, '2026-03-01')).thenNothingHappens();
    });

    describe('reductions keep existing reservations', () => {
      const history = [
        named80k,
        reserved('r-1', 5_000_000, { reservedTotal: 5_000_000, limitInForce: 8_000_000 }),
        reserved('r-2', 2_000_000, { reservedTotal: 7_000_000, limitInForce: 8_000_000 }),
        reduced(4_000_000, 8_000_000, '2026-03-01', '2026-03-31'),
      ];

      it('leaves the reserved total standing above the reduced limit, with nothing available', () => {
        const state = fold(history);
        expect(reservedTotal(state)).toBe(7_000_000);
        expect(creditLimitView(state, '2026-04-01')).toEqual({ amount: 4_000_000, topUp: 0, limitInForce: 4_000_000, reserved: 7_000_000, available: 0, discretionary: false });
      });

      it('grants no new reservation meanwhile', () => {
        spec.given(history).when(reserve('r-3', 1, '2026-04-01')).thenThrows('INSUFFICIENT_HEADROOM', (e) => expect(e.details).toMatchObject({ limitInForce: 4_000_000, reserved: 7_000_000, available: 0 }));
      });

      it('grants no increase meanwhile', () => {
        spec.given(history).when(reserve('r-2', 2_000_001, '2026-04-01')).thenThrows('INSUFFICIENT_HEADROOM');
      });

      it('still accepts lowering and releasing a reservation', () => {
        spec
          .given(history)
          .when(reserve('r-1', 3_000_000, '2026-04-01'))
          .then([reserved('r-1', 3_000_000, { previousAmount: 5_000_000, date: '2026-04-01', reservedTotal: 5_000_000, limitInForce: 4_000_000 })]);
        spec.given(history).when(release('r-1', '2026-04-01')).then([released('r-1', 5_000_000, 2_000_000, '2026-04-01')]);
      });

      it('accepts new business again once the total is back within the limit', () => {
        spec
          .given([...history, released('r-1', 5_000_000, 2_000_000, '2026-04-01')])
          .when(reserve('r-3', 2_000_000, '2026-04-02'))
          .then([reserved('r-3', 2_000_000, { date: '2026-04-02', reservedTotal: 4_000_000, limitInForce: 4_000_000 })]);
      });
    });
  });

  describe('top-up', () => {
    const topUp10k = toppedUp('t-1', 1_000_000, '2026-02-01', '2026-02-28');

    it('adds temporary extra limit without touching the named amount', () => {
      spec.given([named80k]).when(topUp('t-1', 1_000_000, '2026-02-01', '2026-02-28')).then([topUp10k]);
      const state = fold([named80k, topUp10k]);
      expect(creditLimitView(state, '2026-02-10')).toEqual({ amount: 8_000_000, topUp: 1_000_000, limitInForce: 9_000_000, reserved: 0, available: 9_000_000, discretionary: false });
    });

    it('may open the stream, on a debtor with no named limit', () => {
      spec.given([]).when(topUp('t-1', 1_000_000, '2026-02-01', '2026-02-28')).then([topUp10k]);
    });

    it('is active only from its first to its last day, both inclusive', () => {
      const given = [named80k, topUp10k];
      const reservedOn = (date: string) => reserved('r-1', 9_000_000, { date, reservedTotal: 9_000_000, limitInForce: 9_000_000 });
      spec.given(given).when(reserve('r-1', 9_000_000, '2026-02-01')).then([reservedOn('2026-02-01')]);
      spec.given(given).when(reserve('r-1', 9_000_000, '2026-02-28')).then([reservedOn('2026-02-28')]);
      spec.given(given).when(reserve('r-1', 9_000_000, '2026-01-31')).thenThrows('INSUFFICIENT_HEADROOM');
      spec.given(given).when(reserve('r-1', 9_000_000, '2026-03-01')).thenThrows('INSUFFICIENT_HEADROOM');
      expect([topUpOn(fold(given), '2026-01-31'), topUpOn(fold(given), '2026-02-28'), topUpOn(fold(given), '2026-03-01')]).toEqual([0, 1_000_000, 0]);
    });

    it('adds up overlapping top-ups', () => {
      expect(topUpOn(fold([topUp10k, toppedUp('t-2', 500_000, '2026-02-15', '2026-03-15')]), '2026-02-20')).toBe(1_500_000);
    });

    it('refuses an end before its start (INVALID_PERIOD)', () => {
      spec.given([]).when(topUp('t-1', 1_000_000, '2026-02-01', '2026-01-31')).thenThrows('INVALID_PERIOD');
    });

    it('refuses a top-up of nothing', () => {
      spec.given([]).when(topUp('t-1', 0, '2026-02-01', '2026-02-28')).thenThrows('VALIDATION_FAILED');
    });

    it('re-sending the same top-up appends nothing; other terms under the same id are refused', () => {
      spec.given([topUp10k]).when(topUp('t-1', 1_000_000, '2026-02-01', '2026-02-28')).thenNothingHappens();
      spec.given([topUp10k]).when(topUp('t-1', 2_000_000, '2026-02-01', '2026-02-28')).thenThrows('DUPLICATE_TOP_UP');
    });

    it('does not cancel reservations when it expires', () => {
      const given = [named80k, topUp10k, reserved('r-1', 9_000_000, { date: '2026-02-10', reservedTotal: 9_000_000, limitInForce: 9_000_000 })];
      expect(creditLimitView(fold(given), '2026-03-01')).toMatchObject({ limitInForce: 8_000_000, reserved: 9_000_000, available: 0 });
      spec.given(given).when(reserve('r-1', 8_000_000, '2026-03-01')).then([reserved('r-1', 8_000_000, { previousAmount: 9_000_000, date: '2026-03-01', reservedTotal: 8_000_000, limitInForce: 8_000_000 })]);
    });
  });

  describe('reservation', () => {
    const r1 = reserved('r-1', 5_000_000, { reservedTotal: 5_000_000, limitInForce: 8_000_000 });

    it('accepts a reserved total exactly at the limit in force', () => {
      spec.given([named80k, r1]).when(reserve('r-2', 3_000_000)).then([reserved('r-2', 3_000_000, { reservedTotal: 8_000_000, limitInForce: 8_000_000 })]);
    });

    it('checks an increase on the reserved total after it', () => {
      spec.given([named80k, r1]).when(reserve('r-1', 8_000_000)).then([reserved('r-1', 8_000_000, { previousAmount: 5_000_000, reservedTotal: 8_000_000, limitInForce: 8_000_000 })]);
      spec.given([named80k, r1]).when(reserve('r-1', 8_000_001)).thenThrows('INSUFFICIENT_HEADROOM');
    });

    it('always accepts lowering a reservation, down to 0', () => {
      spec.given([named80k, r1]).when(reserve('r-1', 0)).then([reserved('r-1', 0, { previousAmount: 5_000_000, reservedTotal: 0, limitInForce: 8_000_000 })]);
      expect(reservationOf(fold([named80k, r1, reserved('r-1', 0, { previousAmount: 5_000_000, reservedTotal: 0, limitInForce: 8_000_000 })]), 'r-1')).toBe(0);
    });

    it('re-sending the same reservation appends nothing', () => {
      spec.given([named80k, r1]).when(reserve('r-1', 5_000_000)).thenNothingHappens();
      spec.given([named80k]).when(reserve('r-1', 0)).thenNothingHappens();
    });

    it('is checked against the limit in force on its own date', () => {
      spec.given([named80k]).when(reserve('r-1', 5_000_000, '2025-12-31')).thenThrows('INSUFFICIENT_HEADROOM', (e) => expect(e.details).toMatchObject({ limitInForce: DISCRETIONARY }));
    });

    it('refuses a negative amount', () => {
      spec.given([named80k]).when(reserve('r-1', -1)).thenThrows('VALIDATION_FAILED');
    });
  });

  describe('release', () => {
    const r1 = reserved('r-1', 5_000_000, { reservedTotal: 5_000_000, limitInForce: 8_000_000 });

    it('brings the reservation to zero and frees the limit', () => {
      spec.given([named80k, r1]).when(release('r-1')).then([released('r-1', 5_000_000, 0)]);
      expect(availableOn(fold([named80k, r1, released('r-1', 5_000_000, 0)]), '2026-03-01')).toBe(8_000_000);
    });

    it('appends nothing for an unknown or already released reservation', () => {
      spec.given([]).when(release('r-1')).thenNothingHappens();
      spec.given([named80k, r1]).when(release('r-9')).thenNothingHappens();
      spec.given([named80k, r1, released('r-1', 5_000_000, 0)]).when(release('r-1')).thenNothingHappens();
    });
  });

  describe('state and snapshots', () => {
    const history: CreditLimitEvent[] = [
      named80k,
      toppedUp('t-1', 1_000_000, '2026-02-01', '2026-02-28'),
      reserved('r-1', 5_000_000, { reservedTotal: 5_000_000, limitInForce: 8_000_000 }),
      reserved('__proto__', 1_000_000, { reservedTotal: 6_000_000, limitInForce: 8_000_000 }),
      reduced(4_000_000, 8_000_000, '2026-03-01', '2026-03-31'),
    ];

    it('is plain JSON: a round-trip gives the same state', () => {
      const state = fold(history);
      expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
      expect(reservationOf(state, '__proto__')).toBe(1_000_000);
      expect(reservationOf(state, 'toString')).toBe(0);
    });

    it('names its stream after the policy and the debtor', () => {
      expect(creditLimitStream('pol-1', 'deb-1')).toBe('creditlimit-pol-1-deb-1');
    });
  });

  describe('cover in force after a reduction (DOMAIN.md step 3)', () => {
    const shippedA = reserved('rec-a', 3_000_000, { reservedTotal: 3_000_000, limitInForce: 8_000_000, shipped: true });
    const pendingB = reserved('rec-b', 4_000_000, { reservedTotal: 7_000_000, limitInForce: 8_000_000 });
    const reducedTo5m = reduced(5_000_000, 8_000_000, '2026-02-01', '2026-03-03');

    it('records that a reservation belongs to a shipped receivable', () => {
      spec
        .given([named80k, pendingB])
        .when({ type: 'ReserveExposure', data: { ...reserve('rec-b', 4_000_000).data, shipped: true } })
        .then([reserved('rec-b', 4_000_000, { previousAmount: 4_000_000, reservedTotal: 4_000_000, limitInForce: 8_000_000, shipped: true })]);
    });

    it('leaves the granted cover standing while no reduction is in effect', () => {
      expect(coverCeiling(fold([named80k, shippedA, pendingB, reducedTo5m]), 'rec-b', '2026-03-02')).toBeNull();
    });

    it('after a reduction took effect: the limit in force minus the other shipped receivables’ reservations, at least 0', () => {
      const state = fold([named80k, shippedA, pendingB, reducedTo5m]);
      expect(coverCeiling(state, 'rec-b', '2026-03-03')).toBe(2_000_000);
      expect(coverCeiling(state, 'rec-a', '2026-03-03')).toBe(5_000_000);
      const withdrawn = fold([named80k, shippedA, pendingB, reduced(0, 8_000_000, '2026-02-01', '2026-03-03')]);
      expect(coverCeiling(withdrawn, 'rec-b', '2026-03-10')).toBe(0);
    });

    it('a new named limit set after the reduction ends its effect', () => {
      const state = fold([named80k, shippedA, pendingB, reducedTo5m, limitSet(9_000_000, '2026-04-01', '2027-12-31', 5_000_000)]);
      expect(coverCeiling(state, 'rec-b', '2026-04-01')).toBeNull();
    });
  });
});
