import fc from 'fast-check';
import { CalendarDate, DomainError, Money, addDays, fold } from '@tc/kernel';
import { ClaimReason, ReceivableCommand } from './receivable.commands';
import { receivableDecider } from './receivable.decider';
import { ReceivableEvent } from './receivable.events';
import { maxIndemnityOf } from './indemnity';
import { Receivable, ReceivableState, grantedCoverOf, isRegistered, outstandingOf } from './receivable.state';
import { receivableView } from './receivable.view';
import { reservationOf } from './reservation';

/**
 * Random histories of one receivable: a registration (EUR or USD on a EUR policy), then up
 * to 60 commands of every kind on a business clock that only moves forward, with amounts
 * taken as shares of what the state holds so that many are accepted. A `progress` step
 * takes the state's natural next step on its earliest date (so histories reach claims,
 * indemnities and recoveries, not just refusals); the other steps are anything at all.
 * Refusals must be DomainErrors; the invariants hold after every step.
 */
const INVOICE_DATE = '2026-01-15';

interface Scenario {
  readonly amount: number;
  readonly foreign: boolean;
  readonly fxRate: number;
  readonly coverPercent: number;
  readonly termDays: number;
  readonly insuredPercentage: number;
  /** Days after the invoice date the debtor becomes insolvent; null = never. */
  readonly insolventAfter: number | null;
  readonly ops: readonly Op[];
}

type Op = { readonly advance: number; readonly seed: number } & (
  | { kind: 'progress' }
  | { kind: 'decide'; decision: 'GRANTED' | 'PARTIAL' | 'REFUSED'; percent: number; validDays: number }
  | { kind: 'ship'; ceiling: number | null; preShipment: boolean }
  | { kind: 'alert' }
  | { kind: 'markOverdue' }
  | { kind: 'remind'; reminderNumber: number }
  | { kind: 'declare' }
  | { kind: 'voidCover' }
  | { kind: 'handOver'; automatic: boolean }
  | { kind: 'collect'; percent: number }
  | { kind: 'dispute' }
  | { kind: 'resolve'; outcome: 'UPHELD' | 'CANCELLED' }
  | { kind: 'fileClaim'; reason: ClaimReason; political: boolean; preShipment: boolean; costs: number | null }
  | { kind: 'decideClaim'; approve: boolean; percent: number }
  | { kind: 'payIndemnity' }
  | { kind: 'recover'; percent: number }
  | { kind: 'pay'; percent: number }
  | { kind: 'close' }
);

const percent = fc.integer({ min: 0, max: 110 });
const k = <K extends string>(kind: K) => fc.constant(kind);
const op: fc.Arbitrary<Op> = fc
  .record({
    advance: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 60 })),
    seed: fc.nat(),
    body: fc.oneof(
      { weight: 70, arbitrary: fc.record({ kind: k('progress') }) },
      { weight: 4, arbitrary: fc.record({ kind: k('decide'), decision: fc.constantFrom('GRANTED' as const, 'PARTIAL' as const, 'REFUSED' as const), percent: fc.integer({ min: 1, max: 99 }), validDays: fc.integer({ min: -5, max: 300 }) }) },
      { weight: 4, arbitrary: fc.record({ kind: k('ship'), ceiling: fc.option(fc.integer({ min: -1_000_000, max: 20_000_000 })), preShipment: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ kind: k('alert') }) },
      { weight: 2, arbitrary: fc.record({ kind: k('markOverdue') }) },
      { weight: 2, arbitrary: fc.record({ kind: k('remind'), reminderNumber: fc.integer({ min: 1, max: 2 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: k('declare') }) },
      { weight: 1, arbitrary: fc.record({ kind: k('voidCover') }) },
      { weight: 2, arbitrary: fc.record({ kind: k('handOver'), automatic: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: k('collect'), percent }) },
      { weight: 1, arbitrary: fc.record({ kind: k('dispute') }) },
      { weight: 1, arbitrary: fc.record({ kind: k('resolve'), outcome: fc.constantFrom('UPHELD' as const, 'CANCELLED' as const) }) },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: k('fileClaim'),
          reason: fc.constantFrom('INSOLVENCY' as const, 'PROTRACTED_DEFAULT' as const, 'POLITICAL' as const),
          political: fc.boolean(),
          preShipment: fc.boolean(),
          costs: fc.option(fc.integer({ min: 1, max: 20_000_000 })),
        }),
      },
      { weight: 3, arbitrary: fc.record({ kind: k('decideClaim'), approve: fc.boolean(), percent }) },
      { weight: 2, arbitrary: fc.record({ kind: k('payIndemnity') }) },
      { weight: 2, arbitrary: fc.record({ kind: k('recover'), percent }) },
      { weight: 3, arbitrary: fc.record({ kind: k('pay'), percent }) },
      { weight: 1, arbitrary: fc.record({ kind: k('close') }) },
    ),
  })
  .map(({ advance, seed, body }) => ({ advance, seed, ...body }) as Op);

const scenario: fc.Arbitrary<Scenario> = fc.record({
  amount: fc.oneof(fc.integer({ min: 10, max: 1_000 }), fc.integer({ min: 10, max: 1_000_000_000 })),
  foreign: fc.boolean(),
  // 0.05 … 3 with up to 6 decimals: even the smallest amount converts to at least 0.01.
  fxRate: fc.integer({ min: 50_000, max: 3_000_000 }).map((n) => n / 1_000_000),
  coverPercent: fc.integer({ min: 1, max: 100 }),
  termDays: fc.integer({ min: 0, max: 120 }),
  insuredPercentage: fc.integer({ min: 50, max: 95 }),
  insolventAfter: fc.option(fc.integer({ min: 0, max: 400 })),
  ops: fc.array(op, { minLength: 5, maxLength: 60 }),
});

const share = (whole: number, pct: number): number => Math.max(1, Math.floor((whole * pct) / 100));

function registration(s: Scenario): ReceivableCommand {
  const currency = s.foreign ? 'USD' : 'EUR';
  const fxRate = s.foreign ? s.fxRate : undefined;
  const converted = s.foreign ? Money.of(s.amount, 'USD').convert(s.fxRate, 'EUR').minor : s.amount;
  return {
    type: 'RegisterReceivable',
    data: {
      receivableId: 'r-1',
      policyId: 'p-1',
      debtorId: 'd-1',
      invoiceNumber: 'INV-1',
      invoiceDate: INVOICE_DATE,
      dueDate: addDays(INVOICE_DATE, s.termDays),
      amount: s.amount,
      currency,
      fxRate,
      requestedCover: Math.max(1, Math.floor((converted * s.coverPercent) / 100)),
      policy: { currency: 'EUR', maxCreditTermDays: 120, reminderDays: [7, 21], overdueDeclarationDays: 60, collectionHandoverDays: 30, waitingPeriodDays: 150, insuredPercentage: s.insuredPercentage, discretionaryLimit: 2_000_000 },
      debtor: { insolvencyDate: null },
      today: INVOICE_DATE,
    },
  };
}

const later = (a: CalendarDate, b: CalendarDate): CalendarDate => (a >= b ? a : b);

/** The state's natural next step, on the earliest date it is allowed (never before `day`). */
function progress(seed: number, r: Receivable, day: CalendarDate, insolvencyDate: CalendarDate | null): { op: Op; day: CalendarDate } {
  const at = (kind: Op, on: CalendarDate = day) => ({ op: kind, day: later(day, on) });
  const base = { advance: 0, seed };
  const due = r.dueDate;
  const claimable = insolvencyDate !== null && insolvencyDate <= day;
  switch (r.status) {
    case 'COVER_REQUESTED': {
      const decision = seed % 6 === 0 ? 'REFUSED' : seed % 3 === 0 ? 'PARTIAL' : 'GRANTED';
      return at({ ...base, kind: 'decide', decision, percent: 1 + (seed % 99), validDays: seed % 200 });
    }
    case 'COVER_GRANTED':
      if (claimable && seed % 3 === 0) return at({ ...base, kind: 'fileClaim', reason: 'INSOLVENCY', political: false, preShipment: true, costs: 1 + ((seed * 7919) % 10_000_000) });
      return at({ ...base, kind: 'ship', ceiling: seed % 5 === 0 ? (seed % 7) * 1_000_000 - 1_000_000 : null, preShipment: seed % 2 === 0 });
    case 'COVER_REFUSED':
      return at({ ...base, kind: 'ship', ceiling: seed % 5 === 0 ? (seed % 7) * 1_000_000 - 1_000_000 : null, preShipment: seed % 2 === 0 });
    case 'SHIPPED':
      if (seed % 4 === 0) return at({ ...base, kind: 'pay', percent: 1 + (seed % 100) });
      return at({ ...base, kind: 'markOverdue' }, addDays(due, 1));
    case 'OVERDUE':
      if (claimable && seed % 2 === 0) return at({ ...base, kind: 'fileClaim', reason: 'INSOLVENCY', political: false, preShipment: false, costs: null });
      if (r.declaration === null) return at({ ...base, kind: 'declare' }, addDays(due, 1 + (seed % 70)));
      return at({ ...base, kind: 'handOver', automatic: true }, addDays(due, 30));
    case 'IN_COLLECTION':
      if (seed % 3 === 0) return at({ ...base, kind: 'collect', percent: 1 + (seed % 60) });
      if (claimable) return at({ ...base, kind: 'fileClaim', reason: 'INSOLVENCY', political: false, preShipment: false, costs: null });
      if (seed % 5 === 0) return at({ ...base, kind: 'fileClaim', reason: 'POLITICAL', political: true, preShipment: false, costs: null });
      return at({ ...base, kind: 'fileClaim', reason: 'PROTRACTED_DEFAULT', political: false, preShipment: false, costs: null }, addDays(due, 150));
    case 'CLAIM_FILED':
      return at({ ...base, kind: 'decideClaim', approve: seed % 5 !== 0, percent: seed % 101 });
    case 'CLAIM_APPROVED':
      return at({ ...base, kind: 'payIndemnity' });
    case 'CLAIM_REJECTED':
      return at(seed % 2 === 0 ? { ...base, kind: 'pay', percent: 1 + (seed % 100) } : { ...base, kind: 'close' });
    case 'INDEMNIFIED':
      return at(seed % 6 === 0 ? { ...base, kind: 'close' } : { ...base, kind: 'recover', percent: 1 + (seed % 100) });
    case 'SETTLED':
    case 'CLOSED':
      return at({ ...base, kind: 'alert' });
  }
}

function commandFor(o: Exclude<Op, { kind: 'progress' }>, r: Receivable, day: CalendarDate, insolvencyDate: CalendarDate | null): ReceivableCommand {
  const today = day;
  const outstanding = outstandingOf(r);
  switch (o.kind) {
    case 'decide':
      return {
        type: 'DecideCover',
        data: {
          decision: o.decision,
          amount: o.decision === 'PARTIAL' ? Math.floor((r.requestedCover * o.percent) / 100) : undefined,
          validUntil: o.decision === 'REFUSED' ? undefined : addDays(day, o.validDays),
          conditions: [],
          decidedAt: day,
          automatic: o.seed % 2 === 0,
          today,
        },
      };
    case 'ship':
      return { type: 'RecordShipment', data: { shippedAt: day, debtorInsolvencyDate: insolvencyDate, coverCeiling: o.ceiling, preShipmentOptionActive: o.preShipment, today } };
    case 'alert':
      return { type: 'RecordAlert', data: { alertId: `a-${o.seed % 3}`, kind: 'RATING_DOWNGRADE', severity: 'warning', date: day, grade: 3, previousGrade: 5 } };
    case 'markOverdue':
      return { type: 'MarkOverdue', data: { date: day, today } };
    case 'remind':
      return { type: 'SendReminder', data: { reminderNumber: o.reminderNumber, date: day, today } };
    case 'declare':
      return { type: 'DeclareOverdue', data: { declaredAt: day, today } };
    case 'voidCover':
      return { type: 'VoidCoverForMissingDeclaration', data: { date: day, today } };
    case 'handOver':
      return { type: 'HandOverToCollection', data: { handedOverAt: day, agency: 'agency', automatic: o.automatic, today } };
    case 'collect':
      return { type: 'RecordCollectionRecovery', data: { amount: share(outstanding, o.percent), recoveredAt: day, today } };
    case 'dispute':
      return { type: 'OpenDispute', data: { openedAt: day, reason: 'quality', today } };
    case 'resolve':
      return { type: 'ResolveDispute', data: { resolvedAt: day, outcome: o.outcome, today } };
    case 'fileClaim':
      return {
        type: 'FileClaim',
        data: {
          reason: o.reason,
          filedAt: day,
          preShipmentCosts: o.costs ?? undefined,
          debtorInsolvencyDate: insolvencyDate,
          politicalRiskActiveOnShipment: o.political,
          preShipmentOptionActive: o.preShipment,
          today,
        },
      };
    case 'decideClaim': {
      const insuredLoss = r.claim?.insuredLoss ?? 0;
      const indemnity = Math.floor((maxIndemnityOf(r, insuredLoss) * o.percent) / 100);
      return { type: 'DecideClaim', data: o.approve ? { decision: 'APPROVED', decidedAt: day, indemnity, today } : { decision: 'REJECTED', decidedAt: day, reason: 'no', today } };
    }
    case 'payIndemnity':
      return { type: 'PayIndemnity', data: { paidAt: day, today } };
    case 'recover':
      return { type: 'RecordRecovery', data: { amount: share(outstanding, o.percent), recoveredAt: day, today } };
    case 'pay':
      return { type: 'RecordPayment', data: { paymentId: `p-${o.seed % 8}`, amount: share(outstanding, o.percent), receivedAt: day, reference: 'ref', today } };
    case 'close':
      return { type: 'CloseReceivable', data: { closedAt: day, reason: 'done', today } };
  }
}

interface Run {
  readonly events: ReceivableEvent[];
  readonly states: { readonly state: Receivable; readonly day: CalendarDate }[];
}

function run(s: Scenario): Run {
  const events: ReceivableEvent[] = [...receivableDecider.decide(registration(s), receivableDecider.initialState())];
  let state: ReceivableState = fold(receivableDecider, events);
  const states: Run['states'] = [];
  let day = INVOICE_DATE;
  const insolvencyDate = s.insolventAfter === null ? null : addDays(INVOICE_DATE, s.insolventAfter);
  const known = (on: CalendarDate) => (insolvencyDate !== null && insolvencyDate <= on ? insolvencyDate : null);
  for (const next of s.ops) {
    day = addDays(day, next.advance);
    if (!isRegistered(state)) throw new Error('unreachable');
    let o = next;
    if (o.kind === 'progress') ({ op: o, day } = progress(o.seed, state, day, known(day)));
    if (o.kind === 'progress') throw new Error('unreachable');
    const command = commandFor(o, state, day, known(day));
    let produced: readonly ReceivableEvent[];
    try {
      produced = receivableDecider.decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    expect(receivableDecider.decide(command, state)).toEqual(produced);
    events.push(...produced);
    state = fold(receivableDecider, produced, state);
    if (!isRegistered(state)) throw new Error('unreachable');
    states.push({ state, day });
  }
  return { events, states };
}

const RUNS = { numRuns: 400 };

describe('Receivable properties over random command sequences', () => {
  it('every command is either accepted or refused with a DomainError (never a crash)', () => {
    fc.assert(fc.property(scenario, (s) => void run(s)), RUNS);
  });

  it('the outstanding is never negative, and is zero exactly when SETTLED', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const { state } of run(s).states) {
          const outstanding = outstandingOf(state);
          expect(outstanding).toBeGreaterThanOrEqual(0);
          expect(outstanding).toBeLessThanOrEqual(state.amount);
          expect(outstanding === 0).toBe(state.status === 'SETTLED');
        }
      }),
      RUNS,
    );
  });

  it('the indemnity never exceeds insured % × the cover in force at shipment (the granted cover for a pre-shipment claim); the insurer never recovers more than it paid', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const { state } of run(s).states) {
          const { claim } = state;
          if (claim?.indemnity == null) continue;
          const cover = claim.preShipment ? grantedCoverOf(state) : (state.shipment?.coverInForce ?? 0);
          expect(claim.indemnity).toBeLessThanOrEqual(maxIndemnityOf(state, cover));
          expect(receivableView(state)!.recoveredToInsurer).toBeLessThanOrEqual(claim.indemnity);
        }
      }),
      RUNS,
    );
  });

  it('the reservation is never negative and never above the granted cover', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: -30, max: 30 }), (s, shift) => {
        for (const { state, day } of run(s).states) {
          const reserved = reservationOf(state, addDays(day, shift));
          expect(reserved).toBeGreaterThanOrEqual(0);
          expect(reserved).toBeLessThanOrEqual(grantedCoverOf(state));
        }
      }),
      RUNS,
    );
  });

  it('the fold is deterministic: the state is plain JSON, and a JSON round trip of it then the later events gives the full fold', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (s, cut) => {
        const { events } = run(s);
        const full = fold(receivableDecider, events);
        expect(JSON.parse(JSON.stringify(full))).toStrictEqual(full);
        const at = cut % (events.length + 1);
        const snapshot = JSON.parse(JSON.stringify(fold(receivableDecider, events.slice(0, at)))) as ReceivableState;
        expect(fold(receivableDecider, events.slice(at), snapshot)).toStrictEqual(full);
        expect(fold(receivableDecider, JSON.parse(JSON.stringify(events)) as ReceivableEvent[])).toStrictEqual(full);
      }),
      RUNS,
    );
  });
});
