import { DeciderSpecification } from '@tc/kernel/testing';
import { insuredLossOf } from './indemnity';
import { receivableDecider } from './receivable.decider';
import { ReceivableCommand } from './receivable.commands';
import { ClaimFiled } from './receivable.events';
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
  partial,
  pay,
  payIndemnity,
  receivableAfter,
  recover,
  refuse,
  register,
  reject,
  ship,
  voidCover,
} from './receivable.fixtures';
import { receivableView } from './receivable.view';

const spec = DeciderSpecification.for(receivableDecider);
const insolvency = { debtorInsolvencyDate: '2026-06-01' };

const claimFiled = (over: Partial<ClaimFiled['data']> = {}): ClaimFiled => ({
  type: 'ClaimFiled',
  data: { reason: 'INSOLVENCY', filedAt: '2026-06-05', filedOn: '2026-06-05', dateOfLoss: '2026-06-01', insuredLoss: AMOUNT, preShipment: false, preShipmentCosts: null, ...over },
});

describe('Step 6: filing a claim', () => {
  const shipped = history(...SHIPPED_INSURED);

  it('INSOLVENCY: from the debtor’s insolvency date; date of loss = the insolvency date → CLAIM_FILED', () => {
    spec.given(shipped).when(fileClaim('INSOLVENCY', '2026-06-05', insolvency)).then([claimFiled()]);
    expect(receivableView(receivableAfter(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency)))).toMatchObject({
      status: 'CLAIM_FILED',
      step: 6,
      claimFiledAt: '2026-06-05',
      dateOfLoss: '2026-06-01',
      insuredLoss: AMOUNT,
      claim: { reason: 'INSOLVENCY', status: 'FILED', daysToPayment: null },
    });
  });

  it('INSOLVENCY: refused before the insolvency date or on a solvent debtor (CLAIM_NOT_YET_ELIGIBLE)', () => {
    spec.given(shipped).when(fileClaim('INSOLVENCY', '2026-05-31', insolvency)).thenThrows('CLAIM_NOT_YET_ELIGIBLE');
    spec.given(shipped).when(fileClaim('INSOLVENCY', '2026-06-05')).thenThrows('CLAIM_NOT_YET_ELIGIBLE');
  });

  it('PROTRACTED_DEFAULT: from due + waiting period while unpaid and in collection; date of loss = due + waiting period', () => {
    spec
      .given(history(...SHIPPED_INSURED, declare('2026-04-01'), handOver()))
      .when(fileClaim('PROTRACTED_DEFAULT', '2026-08-13'))
      .then([claimFiled({ reason: 'PROTRACTED_DEFAULT', filedAt: '2026-08-13', filedOn: '2026-08-13', dateOfLoss: '2026-08-13' })]);
  });

  it('PROTRACTED_DEFAULT: refused before the waiting period ends, or when not in collection (CLAIM_NOT_YET_ELIGIBLE)', () => {
    spec.given(history(...SHIPPED_INSURED, declare('2026-04-01'), handOver())).when(fileClaim('PROTRACTED_DEFAULT', '2026-08-12')).thenThrows('CLAIM_NOT_YET_ELIGIBLE');
    spec.given(history(...SHIPPED_INSURED, declare('2026-04-01'))).when(fileClaim('PROTRACTED_DEFAULT', '2026-08-13')).thenThrows('CLAIM_NOT_YET_ELIGIBLE');
  });

  it('POLITICAL: only if the political-risk option was active on the shipment date; date of loss = the filing date', () => {
    spec
      .given(shipped)
      .when(fileClaim('POLITICAL', '2026-04-10', { politicalRiskActiveOnShipment: true }))
      .then([claimFiled({ reason: 'POLITICAL', filedAt: '2026-04-10', filedOn: '2026-04-10', dateOfLoss: '2026-04-10' })]);
    spec.given(shipped).when(fileClaim('POLITICAL', '2026-04-10')).thenThrows('OPTION_NOT_ACTIVE');
  });

  it('insured loss = outstanding at the date of loss, capped at the cover in force on the shipment date', () => {
    spec
      .given(history(register(), partial(5_000_000), ship(), pay('p-1', 500_000, '2026-03-10')))
      .when(fileClaim('INSOLVENCY', '2026-06-05', insolvency))
      .then([claimFiled({ insuredLoss: 5_000_000 })]);
    spec
      .given(history(register(), partial(5_000_000), ship(), pay('p-1', 2_000_000, '2026-03-10')))
      .when(fileClaim('INSOLVENCY', '2026-06-05', insolvency))
      .then([claimFiled({ insuredLoss: 4_000_000 })]);
  });

  it('counts the outstanding AT the date of loss: money dated after it does not reduce the insured loss', () => {
    spec
      .given(history(...SHIPPED_INSURED, pay('p-1', 1_000_000, '2026-06-03')))
      .when(fileClaim('INSOLVENCY', '2026-06-05', insolvency))
      .then([claimFiled({ insuredLoss: AMOUNT })]);
  });

  it('a payment reported after filing but dated before the date of loss lowers the insured loss until the claim is decided', () => {
    const state = receivableAfter(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), pay('p-1', 1_000_000, '2026-05-20'));
    expect(insuredLossOf(state)).toBe(5_000_000);
    const approved = receivableAfter(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), pay('p-1', 1_000_000, '2026-05-20'), approve(4_500_000));
    expect(insuredLossOf(approved)).toBe(5_000_000);
  });

  it('is refused on voided cover (COVER_VOIDED), late declaration or none', () => {
    spec.given(history(...SHIPPED_INSURED, declare('2026-05-20'))).when(fileClaim('INSOLVENCY', '2026-06-05', insolvency)).thenThrows('COVER_VOIDED');
    spec.given(history(...SHIPPED_INSURED, voidCover())).when(fileClaim('INSOLVENCY', '2026-06-05', insolvency)).thenThrows('COVER_VOIDED');
  });

  it('is refused on suspended cover while the invoice is disputed (COVER_SUSPENDED)', () => {
    spec.given(history(...SHIPPED_INSURED, dispute())).when(fileClaim('INSOLVENCY', '2026-06-05', insolvency)).thenThrows('COVER_SUSPENDED');
  });

  it('needs insured cover: an uninsured shipment or no shipment takes no claim (COVER_NOT_IN_FORCE)', () => {
    spec.given(history(register(), refuse(), ship())).when(fileClaim('INSOLVENCY', '2026-06-05', insolvency)).thenThrows('COVER_NOT_IN_FORCE');
    spec.given(history(register(), grant())).when(fileClaim('INSOLVENCY', '2026-06-05', insolvency)).thenThrows('COVER_NOT_IN_FORCE');
  });

  it('one claim per receivable (INVALID_TRANSITION), even after a rejection', () => {
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency))).when(fileClaim('INSOLVENCY', '2026-06-06', insolvency)).thenThrows('INVALID_TRANSITION');
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), reject())).when(fileClaim('INSOLVENCY', '2026-06-21', insolvency)).thenThrows('INVALID_TRANSITION');
  });

  it('takes no claim on a settled receivable (INVALID_TRANSITION)', () => {
    spec.given(history(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-03-16'))).when(fileClaim('INSOLVENCY', '2026-06-05', insolvency)).thenThrows('INVALID_TRANSITION');
  });

  it('refuses a claim dated after today (FUTURE_DATE)', () => {
    spec.given(shipped).when(fileClaim('INSOLVENCY', '2026-06-05', { ...insolvency, today: '2026-06-04' })).thenThrows('FUTURE_DATE');
  });
});

describe('Step 6: pre-shipment cover (option)', () => {
  const granted = history(register(), partial(5_000_000));
  const preShipment = (costs: number, over = {}) => fileClaim('INSOLVENCY', '2026-03-05', { debtorInsolvencyDate: '2026-03-01', preShipmentOptionActive: true, preShipmentCosts: costs, ...over });

  it('with the option, an insolvency before shipment on granted cover: insured loss = min(pre-shipment costs, granted cover)', () => {
    spec
      .given(granted)
      .when(preShipment(1_200_000))
      .then([claimFiled({ filedAt: '2026-03-05', filedOn: '2026-03-05', dateOfLoss: '2026-03-01', insuredLoss: 1_200_000, preShipment: true, preShipmentCosts: 1_200_000 })]);
    spec
      .given(granted)
      .when(preShipment(7_000_000))
      .then([claimFiled({ filedAt: '2026-03-05', filedOn: '2026-03-05', dateOfLoss: '2026-03-01', insuredLoss: 5_000_000, preShipment: true, preShipmentCosts: 7_000_000 })]);
  });

  it('also when the goods left after the insolvency (that shipment is uninsured)', () => {
    spec
      .given(history(register(), partial(5_000_000), ship('2026-03-02', { debtorInsolvencyDate: '2026-03-01' })))
      .when(preShipment(1_200_000))
      .then([claimFiled({ filedAt: '2026-03-05', filedOn: '2026-03-05', dateOfLoss: '2026-03-01', insuredLoss: 1_200_000, preShipment: true, preShipmentCosts: 1_200_000 })]);
  });

  it('is refused without the option (OPTION_NOT_ACTIVE)', () => {
    spec.given(granted).when(preShipment(1_200_000, { preShipmentOptionActive: false })).thenThrows('OPTION_NOT_ACTIVE');
  });

  it('needs granted cover, in force on the insolvency date (COVER_NOT_IN_FORCE)', () => {
    spec.given(history(register(), refuse())).when(preShipment(1_200_000)).thenThrows('COVER_NOT_IN_FORCE');
    spec.given(history(register(), grant({ validUntil: '2026-02-28' }))).when(preShipment(1_200_000)).thenThrows('COVER_NOT_IN_FORCE');
  });

  it('refuses pre-shipment costs on an insured shipment', () => {
    spec.given(history(...SHIPPED_INSURED)).when(preShipment(1_200_000, { debtorInsolvencyDate: '2026-03-01' })).thenThrows('VALIDATION_FAILED');
  });
});

describe('Step 6: claim decision and indemnity', () => {
  const filed = history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency));

  it('approves with the indemnity computed by the policy, up to insured % × insured loss → CLAIM_APPROVED', () => {
    spec
      .given(filed)
      .when(approve(5_400_000))
      .then([{ type: 'ClaimApproved', data: { decidedAt: '2026-06-20', decidedOn: '2026-06-20', insuredLoss: AMOUNT, outstandingAtDateOfLoss: AMOUNT, indemnity: 5_400_000, reason: null } }]);
    expect(receivableView(receivableAfter(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(5_300_000)))).toMatchObject({
      status: 'CLAIM_APPROVED',
      indemnity: 5_300_000,
      claimDecidedAt: '2026-06-20',
      claim: { status: 'APPROVED' },
    });
  });

  it('refuses an indemnity above insured % × insured loss (INDEMNITY_EXCEEDS_INSURED_SHARE), or none at all', () => {
    spec.given(filed).when(approve(5_400_001)).thenThrows('INDEMNITY_EXCEEDS_INSURED_SHARE');
    spec.given(filed).when(approve(-1)).thenThrows('VALIDATION_FAILED');
    spec.given(filed).when({ type: 'DecideClaim', data: { decision: 'APPROVED', decidedAt: '2026-06-20', today: '2026-06-30' } }).thenThrows('VALIDATION_FAILED');
  });

  it('rejects → CLAIM_REJECTED; the receivable stays open for payments', () => {
    spec.given(filed).when(reject()).then([{ type: 'ClaimRejected', data: { decidedAt: '2026-06-20', decidedOn: '2026-06-20', reason: 'exclusion' } }]);
    expect(receivableAfter(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), reject(), pay('p-1', 100, '2026-07-01')).status).toBe('CLAIM_REJECTED');
  });

  it('decides a filed claim only, once (INVALID_TRANSITION)', () => {
    spec.given(history(...SHIPPED_INSURED)).when(approve(100)).thenThrows('INVALID_TRANSITION');
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), reject())).when(approve(100)).thenThrows('INVALID_TRANSITION');
  });

  it('refuses a decision dated before the filing (DATE_OUT_OF_ORDER)', () => {
    spec.given(filed).when(approve(100, '2026-06-04')).thenThrows('DATE_OUT_OF_ORDER');
  });

  it('approves nothing while the invoice is disputed (COVER_SUSPENDED)', () => {
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), dispute('2026-06-10'))).when(approve(100)).thenThrows('COVER_SUSPENDED');
  });

  it('pays the approved indemnity → INDEMNIFIED, measuring filing to payment against the 60-day target', () => {
    const approved = history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(5_000_000));
    spec.given(approved).when(payIndemnity('2026-07-15')).then([{ type: 'IndemnityPaid', data: { paidAt: '2026-07-15', paidOn: '2026-07-15', indemnity: 5_000_000, daysToPayment: 40, withinTarget: true } }]);
    spec.given(approved).when(payIndemnity('2026-08-19')).then([{ type: 'IndemnityPaid', data: { paidAt: '2026-08-19', paidOn: '2026-08-19', indemnity: 5_000_000, daysToPayment: 75, withinTarget: false } }]);
  });

  it('pays an approved claim only (INVALID_TRANSITION), not before the approval (DATE_OUT_OF_ORDER)', () => {
    spec.given(filed).when(payIndemnity()).thenThrows('INVALID_TRANSITION');
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(100))).when(payIndemnity('2026-06-19')).thenThrows('DATE_OUT_OF_ORDER');
  });
});

describe('Step 6: recoveries after the indemnity are shared pro rata', () => {
  const indemnified = [...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(5_400_000), payIndemnity()];

  it('insurer share = recovery × indemnity ÷ outstanding at the date of loss; the insured gets the rest; the outstanding falls', () => {
    spec
      .given(history(...indemnified))
      .when(recover(1_000_000, '2026-09-01'))
      .then([
        {
          type: 'RecoveryRecorded',
          data: { amount: 1_000_000, recoveredAt: '2026-09-01', recoveredOn: '2026-09-01', amountInPolicyCurrency: 1_000_000, insurerShare: 900_000, insuredShare: 100_000 },
        },
      ]);
    expect(receivableView(receivableAfter(...indemnified, recover(1_000_000, '2026-09-01')))).toMatchObject({ status: 'INDEMNIFIED', outstanding: 5_000_000, recoveredToInsurer: 900_000, recoveredToInsured: 100_000 });
  });

  it('never lets the insurer’s total exceed the indemnity, whatever the rounding of each share', () => {
    // 0.10 outstanding, indemnity 0.09: each 0.01 recovered rounds 0.009 up to 0.01 for the insurer.
    const tiny = [register({ amount: 10 }), grant(), ship(), fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(9), payIndemnity()];
    const nine = Array.from({ length: 9 }, (_, i) => recover(1, `2026-09-${String(i + 1).padStart(2, '0')}`));
    expect(receivableView(receivableAfter(...tiny, ...nine))).toMatchObject({ recoveredToInsurer: 9, recoveredToInsured: 0 });
    spec
      .given(history(...tiny, ...nine))
      .when(recover(1, '2026-09-30'))
      .then([
        { type: 'RecoveryRecorded', data: { amount: 1, recoveredAt: '2026-09-30', recoveredOn: '2026-09-30', amountInPolicyCurrency: 1, insurerShare: 0, insuredShare: 1 } },
        { type: 'ReceivableSettled', data: { settledOn: '2026-09-30' } },
      ]);
  });

  it('refuses more than the outstanding (OVERPAYMENT)', () => {
    spec.given(history(...indemnified)).when(recover(AMOUNT + 1, '2026-09-01')).thenThrows('OVERPAYMENT');
  });

  it('a recovery sent again with the same id records nothing; the same id with other details is refused (DUPLICATE_RECOVERY)', () => {
    const withId = (amount: number, recoveredAt: string): ReceivableCommand => ({ type: 'RecordRecovery', data: { amount, recoveredAt, today: '2026-12-31', recoveryId: 'dp-1/r-1' } });
    spec
      .given(history(...indemnified))
      .when(withId(1_000_000, '2026-09-01'))
      .then([
        {
          type: 'RecoveryRecorded',
          data: { amount: 1_000_000, recoveredAt: '2026-09-01', recoveredOn: '2026-09-01', amountInPolicyCurrency: 1_000_000, insurerShare: 900_000, insuredShare: 100_000, recoveryId: 'dp-1/r-1' },
        },
      ]);
    spec.given(history(...indemnified, withId(1_000_000, '2026-09-01'))).when(withId(1_000_000, '2026-09-01')).then([]);
    spec.given(history(...indemnified, withId(1_000_000, '2026-09-01'))).when(withId(999_999, '2026-09-01')).thenThrows('DUPLICATE_RECOVERY');
  });

  it('is a recovery only after the indemnity (INVALID_TRANSITION), dated no earlier than its payment (DATE_OUT_OF_ORDER)', () => {
    spec.given(history(...SHIPPED_INSURED, fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(100))).when(recover(100, '2026-07-01')).thenThrows('INVALID_TRANSITION');
    spec.given(history(...indemnified)).when(recover(100, '2026-07-14')).thenThrows('DATE_OUT_OF_ORDER');
  });

  it('collection before the claim and recoveries after it both reduce the outstanding', () => {
    const state = receivableAfter(...SHIPPED_INSURED, handOver(), collect(500_000, '2026-05-10'), fileClaim('INSOLVENCY', '2026-06-05', insolvency), approve(4_500_000), payIndemnity(), recover(500_000, '2026-09-01'));
    expect(receivableView(state)).toMatchObject({ outstanding: AMOUNT - 1_000_000, paid: 1_000_000, collectionRecovered: 500_000, recovered: 500_000 });
  });
});
