import { Money, fold } from '@tc/kernel';
import { DeciderSpecification } from '@tc/kernel/testing';
import { automaticDecision } from './cover-rules';
import { dunningSchedule } from './dunning-schedule';
import { insuredLossOf } from './indemnity';
import { ReceivableCommand } from './receivable.commands';
import { receivableDecider } from './receivable.decider';
import { ReceivableEvent } from './receivable.events';
import {
  approve,
  collect,
  declare,
  fileClaim,
  handOver,
  history,
  insolvencyAlert,
  markOverdue,
  partial,
  pay,
  payIndemnity,
  recover,
  register,
  remind,
  ship,
} from './receivable.fixtures';
import { ReceivableStatus } from './receivable.state';
import { receivableView } from './receivable.view';
import { reservationOf } from './reservation';

/**
 * DOMAIN.md "Worked example", fact by fact: policy SME_MODULAR in EUR, insured percentage 90,
 * deductible 1,000.00, every other term at its default; a named limit of 80,000.00 on the
 * debtor. The indemnity (39,500.00 = 45,000.00 × 90 % − 1,000.00) is the policy's
 * computation and arrives in the approval.
 */
interface Step {
  readonly fact: string;
  readonly command: ReceivableCommand;
  readonly events?: readonly ReceivableEvent['type'][];
  readonly status: ReceivableStatus;
  readonly outstanding: number;
}

const steps: readonly Step[] = [
  { fact: '2026-01-15 invoice 60,000.00 registered, due 2026-03-16 (60 days), cover requested for the full amount', command: register(), events: ['ReceivableRegistered'], status: 'COVER_REQUESTED', outstanding: 6_000_000 },
  { fact: '2026-01-16 underwriter grants in part: 50,000.00 valid until 2026-12-31', command: partial(5_000_000), events: ['CoverGranted'], status: 'COVER_GRANTED', outstanding: 6_000_000 },
  { fact: '2026-01-20 shipped: insured, cover in force 50,000.00', command: ship('2026-01-20'), events: ['Shipped'], status: 'SHIPPED', outstanding: 6_000_000 },
  { fact: '2026-03-10 payment 10,000.00', command: pay('pay-1', 1_000_000, '2026-03-10'), events: ['PaymentRecorded'], status: 'SHIPPED', outstanding: 5_000_000 },
  { fact: '2026-03-17 unpaid the day after the due date', command: markOverdue('2026-03-17'), events: ['MarkedOverdue'], status: 'OVERDUE', outstanding: 5_000_000 },
  { fact: '2026-03-23 reminder (due + 7)', command: remind(1, '2026-03-23'), events: ['ReminderSent'], status: 'OVERDUE', outstanding: 5_000_000 },
  { fact: '2026-04-01 overdue declared (deadline 2026-05-15: in time)', command: declare('2026-04-01'), events: ['OverdueDeclared'], status: 'OVERDUE', outstanding: 5_000_000 },
  { fact: '2026-04-06 reminder (due + 21)', command: remind(2, '2026-04-06'), events: ['ReminderSent'], status: 'OVERDUE', outstanding: 5_000_000 },
  { fact: '2026-04-15 handed to collection (due + 30)', command: handOver('2026-04-15', { automatic: true }), events: ['HandedOverToCollection'], status: 'IN_COLLECTION', outstanding: 5_000_000 },
  { fact: '2026-05-10 collection recovers 5,000.00', command: collect(500_000, '2026-05-10'), events: ['CollectionRecoveryRecorded'], status: 'IN_COLLECTION', outstanding: 4_500_000 },
  { fact: '2026-06-01 debtor declared insolvent: alert on the receivable', command: insolvencyAlert('2026-06-01'), events: ['AlertRecorded'], status: 'IN_COLLECTION', outstanding: 4_500_000 },
  {
    fact: '2026-06-05 insolvency claim filed; date of loss 2026-06-01',
    command: fileClaim('INSOLVENCY', '2026-06-05', { debtorInsolvencyDate: '2026-06-01' }),
    events: ['ClaimFiled'],
    status: 'CLAIM_FILED',
    outstanding: 4_500_000,
  },
  { fact: '2026-06-20 claim approved: indemnity 39,500.00', command: approve(3_950_000, '2026-06-20'), events: ['ClaimApproved'], status: 'CLAIM_APPROVED', outstanding: 4_500_000 },
  { fact: '2026-07-15 indemnity paid (40 days after filing)', command: payIndemnity('2026-07-15'), events: ['IndemnityPaid'], status: 'INDEMNIFIED', outstanding: 4_500_000 },
  { fact: '2026-09-01 recovery 4,000.00 shared insurer 3,511.11 / insured 488.89', command: recover(400_000, '2026-09-01'), events: ['RecoveryRecorded'], status: 'INDEMNIFIED', outstanding: 4_100_000 },
];

const before = (i: number) => history(...steps.slice(0, i).map((s) => s.command));
const after = (i: number) => fold(receivableDecider, before(i + 1));

describe('Worked example (DOMAIN.md)', () => {
  const spec = DeciderSpecification.for(receivableDecider);

  it('the request waits for an underwriter: 60,000.00 is over the discretionary 20,000.00 on a debtor with a named limit', () => {
    expect(automaticDecision({ requestedCover: 6_000_000, discretionaryLimit: 2_000_000, hasNamedLimit: true, available: 8_000_000 })).toMatchObject({ automatic: false });
  });

  steps.forEach((step, i) => {
    it(`${step.fact} → ${step.status}, outstanding ${Money.of(step.outstanding, 'EUR').toString()}`, () => {
      const produced = receivableDecider.decide(step.command, fold(receivableDecider, before(i)));
      if (step.events) expect(produced.map((e) => e.type)).toEqual(step.events);
      expect(receivableView(after(i))).toMatchObject({ status: step.status, outstanding: step.outstanding });
    });
  });

  it('insures the shipment with cover in force 50,000.00 and reserves it, until payments reduce the outstanding below it', () => {
    expect(receivableView(after(2))).toMatchObject({ insured: true, coverInForce: 5_000_000, coveredAmount: 5_000_000 });
    expect(reservationOf(after(2), '2026-01-20')).toBe(5_000_000);
    expect(reservationOf(after(9), '2026-05-10')).toBe(4_500_000);
  });

  it('files the claim with date of loss 2026-06-01 and insured loss min(45,000.00, 50,000.00) = 45,000.00', () => {
    spec
      .given(before(11))
      .when(steps[11].command)
      .then([{ type: 'ClaimFiled', data: { reason: 'INSOLVENCY', filedAt: '2026-06-05', filedOn: '2026-06-05', dateOfLoss: '2026-06-01', insuredLoss: 4_500_000, preShipment: false, preShipmentCosts: null } }]);
    expect(insuredLossOf(after(11))).toBe(4_500_000);
  });

  it('approves 39,500.00 (within 90 % × 45,000.00) and pays it 40 days after filing, within the 60-day target', () => {
    spec
      .given(before(13))
      .when(steps[13].command)
      .then([{ type: 'IndemnityPaid', data: { paidAt: '2026-07-15', paidOn: '2026-07-15', indemnity: 3_950_000, daysToPayment: 40, withinTarget: true } }]);
  });

  it('shares the 4,000.00 recovery: insurer 4,000.00 × 39,500 / 45,000 = 3,511.11, insured 488.89; outstanding 41,000.00', () => {
    spec
      .given(before(14))
      .when(steps[14].command)
      .then([
        {
          type: 'RecoveryRecorded',
          data: { amount: 400_000, recoveredAt: '2026-09-01', recoveredOn: '2026-09-01', amountInPolicyCurrency: 400_000, insurerShare: 351_111, insuredShare: 48_889 },
        },
      ]);
    expect(receivableView(after(14))).toMatchObject({
      status: 'INDEMNIFIED',
      step: 6,
      outstanding: 4_100_000,
      insuredLoss: 4_500_000,
      indemnity: 3_950_000,
      recoveredToInsurer: 351_111,
      recoveredToInsured: 48_889,
      overdueSince: '2026-03-17',
      declaredAt: '2026-04-01',
      handedOverAt: '2026-04-15',
      claimFiledAt: '2026-06-05',
      dateOfLoss: '2026-06-01',
      claimDecidedAt: '2026-06-20',
      indemnityPaidAt: '2026-07-15',
      claim: { reason: 'INSOLVENCY', status: 'PAID', daysToPayment: 40 },
    });
  });

  it('dates the dunning schedule: overdue 03-17, reminders 03-23 and 04-06, hand-over 04-15, declaration deadline 05-15, waiting period end 08-13', () => {
    const schedule = dunningSchedule(after(2));
    const dateOf = (kind: string) => schedule.filter((s) => s.kind === kind).map((s) => s.date);
    expect(dateOf('OVERDUE')).toEqual(['2026-03-17']);
    expect(dateOf('REMINDER')).toEqual(['2026-03-23', '2026-04-06']);
    expect(dateOf('COLLECTION_HANDOVER')).toEqual(['2026-04-15']);
    expect(dateOf('DECLARATION_DEADLINE')).toEqual(['2026-05-15']);
    expect(dateOf('COVER_VOIDING')).toEqual(['2026-05-16']);
    expect(dateOf('WAITING_PERIOD_END')).toEqual(['2026-08-13']);
    expect(schedule.every((s) => s.pending)).toBe(true);
  });

  it('keeps only the waiting period pending once handed over and declared, and stops every timer at the claim', () => {
    expect(dunningSchedule(after(10)).filter((s) => s.pending).map((s) => s.kind)).toEqual(['WAITING_PERIOD_END']);
    expect(dunningSchedule(after(11)).some((s) => s.pending)).toBe(false);
  });
});
