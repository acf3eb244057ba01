import { DeciderSpecification } from '@tc/kernel/testing';
import { dunningSchedule } from './dunning-schedule';
import { receivableDecider } from './receivable.decider';
import {
  AMOUNT,
  SHIPPED_INSURED,
  approve,
  collect,
  declare,
  dispute,
  fileClaim,
  grant,
  handOver,
  history,
  insolvencyAlert,
  markOverdue,
  pay,
  payIndemnity,
  receivableAfter,
  refuse,
  register,
  remind,
  resolve,
  ship,
  TODAY,
  voidCover,
} from './receivable.fixtures';
import { receivableView } from './receivable.view';
import { reservationOf } from './reservation';

const spec = DeciderSpecification.for(receivableDecider);
const shipped = history(...SHIPPED_INSURED);
const insolvency = { debtorInsolvencyDate: '2026-06-01' };

describe('Step 5: overdue (due 2026-03-16)', () => {
  it('is OVERDUE from due + 1 when shipped and unpaid', () => {
    spec.given(shipped).when(markOverdue('2026-03-17')).then([{ type: 'MarkedOverdue', data: { overdueSince: '2026-03-17', markedOn: '2026-03-17' } }]);
    expect(receivableView(receivableAfter(...SHIPPED_INSURED, markOverdue()))).toMatchObject({ status: 'OVERDUE', step: 5, overdueSince: '2026-03-17' });
  });

  it('is overdue since due + 1 even when the timer runs late', () => {
    spec.given(shipped).when(markOverdue('2026-03-20')).then([{ type: 'MarkedOverdue', data: { overdueSince: '2026-03-17', markedOn: '2026-03-20' } }]);
  });

  it('is not overdue on the due date (NOT_OVERDUE)', () => {
    spec.given(shipped).when(markOverdue('2026-03-16')).thenThrows('NOT_OVERDUE');
  });

  it('is marked overdue once', () => {
    spec.given(history(...SHIPPED_INSURED, markOverdue())).when(markOverdue('2026-03-18')).thenNothingHappens();
  });

  it('applies to shipped receivables only (INVALID_TRANSITION)', () => {
    spec.given(history(register(), grant())).when(markOverdue()).thenThrows('INVALID_TRANSITION');
  });

  it('does nothing once the receivable is settled or a claim is filed (the timer is moot)', () => {
    spec.given(history(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-03-16'))).when(markOverdue()).thenNothingHappens();
  });
});

describe('Step 5: reminders at due + 7 and due + 21 (policy reminderDays)', () => {
  it('sends reminder 1 from due + 7, which also shows the receivable OVERDUE', () => {
    spec.given(shipped).when(remind(1, '2026-03-23')).then([{ type: 'ReminderSent', data: { reminderNumber: 1, scheduledOn: '2026-03-23', sentOn: '2026-03-23' } }]);
    expect(receivableAfter(...SHIPPED_INSURED, remind(1, '2026-03-23')).status).toBe('OVERDUE');
  });

  it('sends reminder 2 from due + 21', () => {
    spec.given(history(...SHIPPED_INSURED, markOverdue())).when(remind(2, '2026-04-06')).then([{ type: 'ReminderSent', data: { reminderNumber: 2, scheduledOn: '2026-04-06', sentOn: '2026-04-06' } }]);
  });

  it('refuses a reminder before its date (TOO_EARLY)', () => {
    spec.given(shipped).when(remind(2, '2026-04-05')).thenThrows('TOO_EARLY');
  });

  it('sends each reminder once', () => {
    spec.given(history(...SHIPPED_INSURED, remind(1, '2026-03-23'))).when(remind(1, '2026-03-24')).thenNothingHappens();
  });

  it('knows only the policy’s reminders', () => {
    spec.given(shipped).when(remind(3, '2026-05-01')).thenThrows('VALIDATION_FAILED');
  });

  it('sends no reminder once a claim is filed (dunning stops)', () => {
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-03-20', { debtorInsolvencyDate: '2026-03-18' }))).when(remind(1, '2026-03-23')).thenNothingHappens();
  });
});

describe('Step 5: overdue declaration by due + 60 (policy overdueDeclarationDays)', () => {
  it('records a declaration in time (the deadline itself included) and shows the receivable OVERDUE', () => {
    spec
      .given(shipped)
      .when(declare('2026-05-15'))
      .then([{ type: 'OverdueDeclared', data: { declaredAt: '2026-05-15', declaredOn: '2026-05-15', deadline: '2026-05-15', late: false, coverVoided: false } }]);
    expect(receivableView(receivableAfter(...SHIPPED_INSURED, declare('2026-04-01')))).toMatchObject({ status: 'OVERDUE', declaredAt: '2026-04-01', coverVoided: false });
  });

  it('records a declaration after the deadline and voids the cover of that receivable', () => {
    spec
      .given(shipped)
      .when(declare('2026-05-16'))
      .then([{ type: 'OverdueDeclared', data: { declaredAt: '2026-05-16', declaredOn: '2026-05-16', deadline: '2026-05-15', late: true, coverVoided: true } }]);
    const state = receivableAfter(...SHIPPED_INSURED, declare('2026-05-16'));
    expect(receivableView(state)).toMatchObject({ coverVoided: true, coverVoidedAt: '2026-05-16' });
    expect(reservationOf(state, '2026-05-16')).toBe(0);
  });

  it('records a late declaration even after the cover was voided for want of one, and in collection', () => {
    spec
      .given(history(...SHIPPED_INSURED, handOver('2026-04-15'), voidCover('2026-05-16')))
      .when(declare('2026-05-20'))
      .then([{ type: 'OverdueDeclared', data: { declaredAt: '2026-05-20', declaredOn: '2026-05-20', deadline: '2026-05-15', late: true, coverVoided: true } }]);
    expect(receivableAfter(...SHIPPED_INSURED, handOver('2026-04-15'), declare('2026-04-20')).status).toBe('IN_COLLECTION');
  });

  it('is declared once (DUPLICATE_DECLARATION)', () => {
    spec.given(history(...SHIPPED_INSURED, declare('2026-04-01'))).when(declare('2026-04-02')).thenThrows('DUPLICATE_DECLARATION');
  });

  it('needs the receivable past due on the declaration date (NOT_OVERDUE)', () => {
    spec.given(shipped).when(declare('2026-03-16')).thenThrows('NOT_OVERDUE');
  });

  it('needs a shipped, open receivable (INVALID_TRANSITION)', () => {
    spec.given(history(register(), grant())).when(declare('2026-04-01')).thenThrows('INVALID_TRANSITION');
    spec.given(history(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-03-20'))).when(declare('2026-04-01')).thenThrows('INVALID_TRANSITION');
  });

  it('is refused once a claim is filed: the claim stands in for the declaration (INVALID_TRANSITION)', () => {
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-03-20', { debtorInsolvencyDate: '2026-03-18' }))).when(declare('2026-04-01')).thenThrows('INVALID_TRANSITION');
  });

  it('refuses a declaration dated after today (FUTURE_DATE)', () => {
    spec.given(shipped).when(declare('2026-04-01', '2026-03-31')).thenThrows('FUTURE_DATE');
  });
});

describe('Step 5: cover voided on due + 61 with no declaration', () => {
  it('voids the cover when the overdue was never declared', () => {
    spec.given(shipped).when(voidCover('2026-05-16')).then([{ type: 'CoverVoided', data: { reason: 'OVERDUE_NOT_DECLARED', voidedOn: '2026-05-16', deadline: '2026-05-15' } }]);
    const state = receivableAfter(...SHIPPED_INSURED, voidCover());
    expect(receivableView(state)).toMatchObject({ coverVoided: true, coverVoidedAt: '2026-05-16' });
    expect(reservationOf(state, '2026-05-16')).toBe(0);
  });

  it('refuses to void before due + 61 (TOO_EARLY)', () => {
    spec.given(shipped).when(voidCover('2026-05-15')).thenThrows('TOO_EARLY');
  });

  it('does nothing when the overdue was declared, a claim filed, or the receivable settled', () => {
    spec.given(history(...SHIPPED_INSURED, declare('2026-04-01'))).when(voidCover()).thenNothingHappens();
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-05-01', { debtorInsolvencyDate: '2026-04-30' }))).when(voidCover()).thenNothingHappens();
    spec.given(history(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-04-01'))).when(voidCover()).thenNothingHappens();
  });
});

describe('Step 5: hand-over to collection at due + 30 (policy collectionHandoverDays)', () => {
  const handedOver = (handedOverOn: string, automatic: boolean) => ({
    type: 'HandedOverToCollection' as const,
    data: { handedOverAt: handedOverOn, handedOverOn, agency: 'Collect & Co', automatic },
  });

  it('is handed over automatically at due + 30 → IN_COLLECTION', () => {
    spec.given(shipped).when(handOver('2026-04-15', { automatic: true })).then([handedOver('2026-04-15', true)]);
    expect(receivableView(receivableAfter(...SHIPPED_INSURED, handOver()))).toMatchObject({ status: 'IN_COLLECTION', step: 5, handedOverAt: '2026-04-15', overdueSince: '2026-03-17' });
  });

  it('refuses an automatic hand-over before due + 30 (TOO_EARLY)', () => {
    spec.given(shipped).when(handOver('2026-04-14', { automatic: true })).thenThrows('TOO_EARLY');
  });

  it('lets a claims handler hand over earlier, once past due', () => {
    spec.given(shipped).when(handOver('2026-03-17')).then([handedOver('2026-03-17', false)]);
  });

  it('refuses a hand-over before the receivable is past due (NOT_OVERDUE)', () => {
    spec.given(shipped).when(handOver('2026-03-16')).thenThrows('NOT_OVERDUE');
  });

  it('skips the automatic hand-over when settled, disputed or already handed over', () => {
    spec.given(history(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-04-01'))).when(handOver('2026-04-15', { automatic: true })).thenNothingHappens();
    spec.given(history(...SHIPPED_INSURED, dispute('2026-04-01'))).when(handOver('2026-04-15', { automatic: true })).thenNothingHappens();
    spec.given(history(...SHIPPED_INSURED, handOver('2026-04-01'))).when(handOver('2026-04-15', { automatic: true })).thenNothingHappens();
  });

  it('refuses a manual hand-over when settled, disputed, already handed over, not shipped or claimed (INVALID_TRANSITION)', () => {
    spec.given(history(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-04-01'))).when(handOver()).thenThrows('INVALID_TRANSITION');
    spec.given(history(...SHIPPED_INSURED, dispute('2026-04-01'))).when(handOver()).thenThrows('INVALID_TRANSITION');
    spec.given(history(...SHIPPED_INSURED, handOver('2026-04-01'))).when(handOver()).thenThrows('INVALID_TRANSITION');
    spec.given(history(register(), grant())).when(handOver()).thenThrows('INVALID_TRANSITION');
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-04-01', { debtorInsolvencyDate: '2026-03-30' }))).when(handOver()).thenThrows('INVALID_TRANSITION');
  });
});

describe('Step 5: collection recoveries reduce the outstanding', () => {
  const inCollection = history(...SHIPPED_INSURED, handOver());

  it('reduces the outstanding', () => {
    spec.given(inCollection).when(collect(500_000, '2026-05-10')).then([{ type: 'CollectionRecoveryRecorded', data: { amount: 500_000, recoveredAt: '2026-05-10', recoveredOn: '2026-05-10' } }]);
    expect(receivableView(receivableAfter(...SHIPPED_INSURED, handOver(), collect(500_000, '2026-05-10')))).toMatchObject({ outstanding: AMOUNT - 500_000, collectionRecovered: 500_000, paid: 500_000 });
  });

  it('settles the receivable when it recovers the whole outstanding', () => {
    spec
      .given(inCollection)
      .when(collect(AMOUNT, '2026-05-10'))
      .then([
        { type: 'CollectionRecoveryRecorded', data: { amount: AMOUNT, recoveredAt: '2026-05-10', recoveredOn: '2026-05-10' } },
        { type: 'ReceivableSettled', data: { settledOn: '2026-05-10' } },
      ]);
  });

  it('refuses more than the outstanding (OVERPAYMENT)', () => {
    spec.given(inCollection).when(collect(AMOUNT + 1, '2026-05-10')).thenThrows('OVERPAYMENT');
  });

  it('needs the receivable in collection (INVALID_TRANSITION), and a date not before the hand-over (DATE_OUT_OF_ORDER)', () => {
    spec.given(shipped).when(collect(100, '2026-05-10')).thenThrows('INVALID_TRANSITION');
    spec.given(inCollection).when(collect(100, '2026-04-14')).thenThrows('DATE_OUT_OF_ORDER');
  });

  it('is refused after the indemnity: money recovered then is a recovery shared with the insurer (INVALID_TRANSITION)', () => {
    const indemnified = history(...SHIPPED_INSURED, handOver(), fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(5_000_000), payIndemnity());
    spec.given(indemnified).when(collect(100, '2026-08-01')).thenThrows('INVALID_TRANSITION');
  });
});

describe('Step 5: disputes suspend the cover', () => {
  it('opening a dispute suspends the cover: a claim is refused meanwhile (COVER_SUSPENDED)', () => {
    spec.given(shipped).when(dispute('2026-02-10')).then([{ type: 'DisputeOpened', data: { openedAt: '2026-02-10', openedOn: '2026-02-10', reason: 'goods damaged' } }]);
    expect(receivableView(receivableAfter(...SHIPPED_INSURED, dispute()))).toMatchObject({ disputed: true });
    spec.given(history(...SHIPPED_INSURED, dispute())).when(fileClaim('INSOLVENCY', '2026-06-05', insolvency)).thenThrows('COVER_SUSPENDED');
  });

  it('UPHELD: the debt stands and the cover is restored', () => {
    spec.given(history(...SHIPPED_INSURED, dispute())).when(resolve('UPHELD')).then([{ type: 'DisputeResolved', data: { resolvedAt: '2026-02-20', resolvedOn: '2026-02-20', outcome: 'UPHELD' } }]);
    const state = receivableAfter(...SHIPPED_INSURED, dispute(), resolve('UPHELD'), fileClaim('INSOLVENCY', '2026-06-05', insolvency));
    expect(receivableView(state)).toMatchObject({ disputed: false, status: 'CLAIM_FILED' });
  });

  it('CANCELLED: the debt is void and the receivable CLOSED, releasing its reservation', () => {
    spec
      .given(history(...SHIPPED_INSURED, dispute()))
      .when(resolve('CANCELLED'))
      .then([
        { type: 'DisputeResolved', data: { resolvedAt: '2026-02-20', resolvedOn: '2026-02-20', outcome: 'CANCELLED' } },
        { type: 'ReceivableClosed', data: { closedAt: '2026-02-20', closedOn: '2026-02-20', reason: 'dispute resolved: debt cancelled' } },
      ]);
    const state = receivableAfter(...SHIPPED_INSURED, dispute(), resolve('CANCELLED'));
    expect(receivableView(state)).toMatchObject({ status: 'CLOSED', step: 3, closedAt: '2026-02-20' });
    expect(reservationOf(state, '2026-02-20')).toBe(0);
  });

  it('refuses a second dispute while one is open, and a resolution without one (INVALID_TRANSITION)', () => {
    spec.given(history(...SHIPPED_INSURED, dispute())).when(dispute('2026-02-11')).thenThrows('INVALID_TRANSITION');
    spec.given(shipped).when(resolve('UPHELD')).thenThrows('INVALID_TRANSITION');
  });

  it('refuses a resolution dated before the dispute (DATE_OUT_OF_ORDER)', () => {
    spec.given(history(...SHIPPED_INSURED, dispute('2026-02-10'))).when(resolve('UPHELD', '2026-02-09')).thenThrows('DATE_OUT_OF_ORDER');
  });
});

describe('The dunning schedule', () => {
  const dates = (steps: ReturnType<typeof dunningSchedule>) => steps.map((s) => [s.kind, s.date, s.pending]);

  it('dates every step from the due date and the policy terms; before shipment only the lapse of the unused cover is pending', () => {
    expect(dates(dunningSchedule(receivableAfter(register(), grant())))).toEqual([
      ['COVER_EXPIRY', '2026-03-17', true],
      ['OVERDUE', '2026-03-17', false],
      ['REMINDER', '2026-03-23', false],
      ['REMINDER', '2026-04-06', false],
      ['COLLECTION_HANDOVER', '2026-04-15', false],
      ['DECLARATION_DEADLINE', '2026-05-15', false],
      ['COVER_VOIDING', '2026-05-16', false],
      ['WAITING_PERIOD_END', '2026-08-13', false],
    ]);
  });

  it('keeps every step pending for a shipped receivable, and drops those done', () => {
    expect(dunningSchedule(receivableAfter(...SHIPPED_INSURED)).every((s) => s.pending)).toBe(true);
    const pending = dunningSchedule(receivableAfter(...SHIPPED_INSURED, markOverdue(), remind(1, '2026-03-23'), declare('2026-04-01')))
      .filter((s) => s.pending)
      .map((s) => s.kind);
    expect(pending).toEqual(['REMINDER', 'COLLECTION_HANDOVER', 'WAITING_PERIOD_END']);
  });

  it('skips the hand-over when disputed or already handed over', () => {
    const kinds = (state: ReturnType<typeof receivableAfter>) => dunningSchedule(state).filter((s) => s.pending).map((s) => s.kind);
    expect(kinds(receivableAfter(...SHIPPED_INSURED, dispute()))).not.toContain('COLLECTION_HANDOVER');
    expect(kinds(receivableAfter(...SHIPPED_INSURED, handOver()))).not.toContain('COLLECTION_HANDOVER');
  });

  it('stops every timer once a claim is filed or the receivable is settled', () => {
    expect(dunningSchedule(receivableAfter(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-03-20', { debtorInsolvencyDate: '2026-03-18' }))).some((s) => s.pending)).toBe(false);
    expect(dunningSchedule(receivableAfter(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-03-01'))).some((s) => s.pending)).toBe(false);
  });
});

describe('Timers of the waiting period and of an unused cover', () => {
  const spec = DeciderSpecification.for(receivableDecider);
  const shipped = history(register(), grant(), ship());
  const endWaitingPeriod = (date: string) => ({ type: 'EndWaitingPeriod' as const, data: { date, today: TODAY } });
  const expireCover = (date: string) => ({ type: 'ExpireCover' as const, data: { date, today: TODAY } });

  it('ends the waiting period at due + waitingPeriodDays, claimable for protracted default when unpaid and in collection', () => {
    spec.given(history(register(), grant(), ship(), handOver('2026-04-15'))).when(endWaitingPeriod('2026-08-13')).then([{ type: 'WaitingPeriodEnded', data: { endedOn: '2026-08-13', claimableForProtractedDefault: true } }]);
    spec.given(shipped).when(endWaitingPeriod('2026-08-20')).then([{ type: 'WaitingPeriodEnded', data: { endedOn: '2026-08-13', claimableForProtractedDefault: false } }]);
  });

  it('refuses to end the waiting period before its day (TOO_EARLY), and fires once', () => {
    spec.given(shipped).when(endWaitingPeriod('2026-08-12')).thenThrows('TOO_EARLY');
    spec.given(history(register(), grant(), ship(), { type: 'EndWaitingPeriod', data: { date: '2026-08-13', today: TODAY } })).when(endWaitingPeriod('2026-08-14')).thenNothingHappens();
  });

  it('stops the waiting-period timer once a claim is filed', () => {
    const claimed = history(register(), grant(), ship(), insolvencyAlert('2026-06-01'), fileClaim('INSOLVENCY', '2026-06-05', { debtorInsolvencyDate: '2026-06-01' }));
    spec.given(claimed).when(endWaitingPeriod('2026-08-13')).thenNothingHappens();
  });

  it('lapses a granted cover the day after its validity when the receivable never shipped', () => {
    spec.given(history(register(), grant())).when(expireCover('2026-03-17')).then([{ type: 'CoverExpired', data: { validUntil: '2026-03-16', expiredOn: '2026-03-17' } }]);
    spec.given(history(register(), grant())).when(expireCover('2026-03-16')).thenThrows('TOO_EARLY');
    spec.given(shipped).when(expireCover('2026-03-17')).thenNothingHappens();
    spec.given(history(register(), refuse())).when(expireCover('2026-03-17')).thenNothingHappens();
  });
});
