import fc from 'fast-check';
import { CalendarDate, DomainError, addDays, fold } from '@tc/kernel';
import { CreditLimitCommand } from './credit-limit.commands';
import { creditLimitDecider } from './credit-limit.decider';
import { CreditLimitEvent } from './credit-limit.events';
import { CreditLimitState, namedAmountInForce, reservationOf } from './credit-limit.state';

/**
 * Random histories of set / reduce / top-up / reserve / lower / release commands with random
 * dates, run through decide + evolve. Amounts in minor units up to 10,000,000.00.
 */
const identity = { policyId: 'pol-1', debtorId: 'deb-1', currency: 'EUR' };
const START = '2026-01-01';
const TODAY = '2027-06-30';
const RECEIVABLES = ['r-0', 'r-1', 'r-2', 'r-3', 'r-4', 'r-5'];
const REFUSALS = new Set(['INSUFFICIENT_HEADROOM', 'FUTURE_DATE', 'NOTICE_PERIOD_NOT_RESPECTED', 'NOT_A_REDUCTION', 'NO_NAMED_LIMIT', 'INVALID_PERIOD', 'DUPLICATE_TOP_UP']);

const day = fc.integer({ min: 0, max: 730 }).map((n) => addDays(START, n));
const early = fc.integer({ min: 0, max: 365 }).map((n) => addDays(START, n));
const limitAmount = fc.integer({ min: 0, max: 1_000_000_000 });
// Mostly within a discretionary limit, sometimes the size of a large named limit.
const reservationAmount = fc.oneof(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 1, max: 300_000_000 }));
const percent = fc.integer({ min: 0, max: 100 });

type Op =
  | { kind: 'set'; amount: number; effectiveFrom: CalendarDate; days: number; decidedAt: CalendarDate }
  | { kind: 'reduce'; percent: number; noticeDate: CalendarDate; extraDays: number; noticeDays: number }
  | { kind: 'topUp'; id: number; amount: number; from: CalendarDate; days: number }
  | { kind: 'reserve'; receivable: number; amount: number; date: CalendarDate; discretionaryLimit: number }
  | { kind: 'lower'; receivable: number; percent: number; date: CalendarDate; discretionaryLimit: number }
  | { kind: 'release'; receivable: number; date: CalendarDate };

const receivable = fc.integer({ min: 0, max: RECEIVABLES.length - 1 });
const discretionary = fc.integer({ min: 0, max: 5_000_000 });

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), amount: limitAmount, effectiveFrom: early, days: fc.integer({ min: -5, max: 500 }), decidedAt: day }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reduce' as const), percent, noticeDate: fc.oneof(early, day), extraDays: fc.integer({ min: -10, max: 60 }), noticeDays: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('topUp' as const), id: fc.integer({ min: 0, max: 4 }), amount: fc.integer({ min: 1, max: 200_000_000 }), from: day, days: fc.integer({ min: -3, max: 120 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('reserve' as const), receivable, amount: reservationAmount, date: day, discretionaryLimit: discretionary }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('lower' as const), receivable, percent, date: day, discretionaryLimit: discretionary }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), receivable, date: day }) },
);

/** Turns an abstract step into a command; "lower" and "reduce" aim below what the state holds, so they are often accepted. */
function commandFor(o: Op, state: CreditLimitState): CreditLimitCommand {
  switch (o.kind) {
    case 'set':
      return { type: 'SetCreditLimit', data: { ...identity, amount: o.amount, effectiveFrom: o.effectiveFrom, validUntil: addDays(o.effectiveFrom, o.days), conditions: [], decidedAt: o.decidedAt, today: TODAY } };
    case 'reduce': {
      const effectiveDate = addDays(o.noticeDate, o.noticeDays + o.extraDays);
      const current = namedAmountInForce(state, effectiveDate) ?? 0;
      return {
        type: 'ReduceCreditLimit',
        data: { amount: Math.floor((current * o.percent) / 100), noticeDate: o.noticeDate, effectiveDate: o.extraDays === 0 ? undefined : effectiveDate, limitReductionNoticeDays: o.noticeDays, today: TODAY },
      };
    }
    case 'topUp':
      return { type: 'TopUpCreditLimit', data: { ...identity, topUpId: `t-${o.id}`, amount: o.amount, from: o.from, until: addDays(o.from, o.days), today: TODAY } };
    case 'reserve':
      return { type: 'ReserveExposure', data: { ...identity, receivableId: RECEIVABLES[o.receivable], amount: o.amount, date: o.date, discretionaryLimit: o.discretionaryLimit } };
    case 'lower': {
      const receivableId = RECEIVABLES[o.receivable];
      const amount = Math.floor((reservationOf(state, receivableId) * o.percent) / 100);
      return { type: 'ReserveExposure', data: { ...identity, receivableId, amount, date: o.date, discretionaryLimit: o.discretionaryLimit } };
    }
    case 'release':
      return { type: 'ReleaseExposure', data: { receivableId: RECEIVABLES[o.receivable], date: o.date } };
  }
}

/**
 * The limit in force on `date` read straight from the recorded events (not from the state):
 * decisions apply in the order recorded, reductions only ever lower, 0 after the validity of
 * the decision in force, the discretionary limit while no named entry is effective; plus
 * every top-up active that day.
 */
function limitFromHistory(history: readonly CreditLimitEvent[], date: CalendarDate, discretionaryLimit: number): number {
  let named: number | null = null;
  let validUntil: CalendarDate | null = null;
  let topUps = 0;
  for (const e of history) {
    if (e.type === 'CreditLimitSet' && e.data.effectiveFrom <= date) [named, validUntil] = [e.data.amount, e.data.validUntil];
    if (e.type === 'CreditLimitReduced' && e.data.effectiveDate <= date) named = Math.min(named ?? Infinity, e.data.amount);
    if (e.type === 'CreditLimitToppedUp' && e.data.from <= date && date <= e.data.until) topUps += e.data.amount;
  }
  const base = named === null ? discretionaryLimit : validUntil !== null && date > validUntil ? 0 : named;
  return base + topUps;
}

interface Run {
  events: CreditLimitEvent[];
  states: CreditLimitState[];
  /** Per reservation step: what the rule was asked and what happened. */
  reservations: { limit: number; totalAfter: number; increase: boolean; outcome: 'accepted' | 'refused' | 'nothing' }[];
}

function run(ops: readonly Op[]): Run {
  const r: Run = { events: [], states: [creditLimitDecider.initialState()], reservations: [] };
  for (const o of ops) {
    const state = r.states.at(-1)!;
    const command = commandFor(o, state);
    let produced: readonly CreditLimitEvent[] = [];
    let refusal: string | undefined;
    try {
      produced = creditLimitDecider.decide(command, state);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.has(error.code)) throw error;
      refusal = error.code;
    }
    if (command.type === 'ReserveExposure') {
      expect(refusal ?? 'INSUFFICIENT_HEADROOM').toBe('INSUFFICIENT_HEADROOM');
      const previous = reservationOf(state, command.data.receivableId);
      r.reservations.push({
        limit: limitFromHistory(r.events, command.data.date, command.data.discretionaryLimit),
        totalAfter: state.reservedTotal - previous + command.data.amount,
        increase: command.data.amount > previous,
        outcome: refusal ? 'refused' : produced.length ? 'accepted' : 'nothing',
      });
    }
    for (const event of produced) {
      r.events.push(event);
      r.states.push(creditLimitDecider.evolve(r.states.at(-1)!, event));
    }
  }
  return r;
}

const histories = fc.array(op, { minLength: 5, maxLength: 60 });

describe('Credit limit properties', () => {
  it('(a) no accepted new or increased reservation takes the reserved total above the limit in force on its date, and only such a one is refused', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(histories, (ops) => {
        for (const step of run(ops).reservations) {
          if (step.outcome === 'accepted' && step.increase) {
            accepted++;
            expect(step.totalAfter).toBeLessThanOrEqual(step.limit);
          }
          if (step.outcome === 'refused') {
            refused++;
            expect(step.increase).toBe(true);
            expect(step.totalAfter).toBeGreaterThan(step.limit);
          }
          if (!step.increase) expect(step.outcome).not.toBe('refused');
        }
      }),
      { numRuns: 300 },
    );
    // The generator must exercise both sides of the rule, or the property proves nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('(b) the reserved total always equals the sum of the active reservations', () => {
    fc.assert(
      fc.property(histories, (ops) => {
        const { events, states } = run(ops);
        const model = new Map<string, number>();
        events.forEach((event, i) => {
          if (event.type === 'ExposureReserved' && event.data.amount > 0) model.set(event.data.receivableId, event.data.amount);
          if (event.type === 'ExposureReserved' && event.data.amount === 0) model.delete(event.data.receivableId);
          if (event.type === 'ExposureReleased') model.delete(event.data.receivableId);
          const state = states[i + 1];
          const active = state.reservations;
          expect(active.map((r) => r.receivableId)).toEqual([...model.keys()].sort());
          expect(active.every((r) => r.amount > 0)).toBe(true);
          expect(state.reservedTotal).toBe(active.reduce((sum, r) => sum + r.amount, 0));
          expect(state.reservedTotal).toBe([...model.values()].reduce((sum, a) => sum + a, 0));
          if (event.type === 'ExposureReserved' || event.type === 'ExposureReleased') expect(event.data.reservedTotal).toBe(state.reservedTotal);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('(c) folding the JSON round-trip of the state at any revision, then the later events, equals the full fold', () => {
    fc.assert(
      fc.property(histories, (ops) => {
        const { events, states } = run(ops);
        const full = fold(creditLimitDecider, events);
        expect(full).toStrictEqual(states.at(-1));
        for (let k = 0; k <= events.length; k++) {
          const snapshot = JSON.parse(JSON.stringify(states[k])) as CreditLimitState;
          expect(fold(creditLimitDecider, events.slice(k), snapshot)).toStrictEqual(full);
        }
      }),
      { numRuns: 200 },
    );
  });
});
