import { DeciderSpecification } from '@tc/kernel/testing';
import { receivableDecider } from './receivable.decider';
import { Shipped } from './receivable.events';
import { AMOUNT, SHIPPED_INSURED, alert, close, grant, history, partial, pay, receivableAfter, refuse, register, ship } from './receivable.fixtures';
import { receivableView } from './receivable.view';

const spec = DeciderSpecification.for(receivableDecider);

const shipped = (over: Partial<Shipped['data']> = {}): Shipped => ({
  type: 'Shipped',
  data: {
    shippedAt: '2026-01-20',
    shippedOn: '2026-01-20',
    insured: true,
    coverInForce: AMOUNT,
    uninsuredReason: null,
    coverCeiling: null,
    preShipmentOptionActive: false,
    ...over,
  },
});

describe('Step 3: shipment', () => {
  const granted = history(register(), grant());

  it('is insured when cover is granted, valid on the shipment date and decided before it: cover in force = the granted cover → SHIPPED', () => {
    spec.given(granted).when(ship()).then([shipped()]);
    expect(receivableView(receivableAfter(...SHIPPED_INSURED))).toMatchObject({ status: 'SHIPPED', step: 3, insured: true, coverInForce: AMOUNT, shippedAt: '2026-01-20' });
  });

  it('is insured on the last day of the cover validity (inclusive)', () => {
    spec.given(granted).when(ship('2026-03-16')).then([shipped({ shippedAt: '2026-03-16', shippedOn: '2026-03-16' })]);
  });

  it('is recorded uninsured after the cover validity (COVER_EXPIRED)', () => {
    spec.given(granted).when(ship('2026-03-17')).then([shipped({ shippedAt: '2026-03-17', shippedOn: '2026-03-17', insured: false, coverInForce: 0, uninsuredReason: 'COVER_EXPIRED' })]);
  });

  it('is recorded uninsured when shipped before the decision date', () => {
    spec
      .given(history(register(), grant({ decidedAt: '2026-01-25' })))
      .when(ship('2026-01-20'))
      .then([shipped({ insured: false, coverInForce: 0, uninsuredReason: 'SHIPPED_BEFORE_DECISION' })]);
  });

  it('is recorded uninsured when shipped while the request is still pending', () => {
    spec.given(history(register())).when(ship()).then([shipped({ insured: false, coverInForce: 0, uninsuredReason: 'SHIPPED_BEFORE_DECISION' })]);
  });

  it('is recorded uninsured after a refusal', () => {
    spec.given(history(register(), refuse())).when(ship()).then([shipped({ insured: false, coverInForce: 0, uninsuredReason: 'COVER_REFUSED' })]);
  });

  it('is recorded uninsured once the debtor is insolvent on the shipment date (from the insolvency date itself)', () => {
    spec.given(granted).when(ship('2026-01-20', { debtorInsolvencyDate: '2026-01-20' })).then([shipped({ insured: false, coverInForce: 0, uninsuredReason: 'DEBTOR_INSOLVENT' })]);
    spec.given(granted).when(ship('2026-01-20', { debtorInsolvencyDate: '2026-01-21' })).then([shipped()]);
  });

  it('after a reduction took effect: cover in force = min(granted cover, what the limit leaves), at least 0', () => {
    spec.given(granted).when(ship('2026-01-20', { coverCeiling: 4_000_000 })).then([shipped({ coverInForce: 4_000_000, coverCeiling: 4_000_000 })]);
    spec.given(granted).when(ship('2026-01-20', { coverCeiling: 9_000_000 })).then([shipped({ coverInForce: AMOUNT, coverCeiling: 9_000_000 })]);
    spec.given(granted).when(ship('2026-01-20', { coverCeiling: -500_000 })).then([shipped({ coverInForce: 0, coverCeiling: -500_000 })]);
  });

  it('records whether the pre-shipment option was active', () => {
    spec.given(granted).when(ship('2026-01-20', { preShipmentOptionActive: true })).then([shipped({ preShipmentOptionActive: true })]);
  });

  it('is recorded once: a second shipment is refused (INVALID_TRANSITION)', () => {
    spec.given(history(...SHIPPED_INSURED)).when(ship('2026-01-21')).thenThrows('INVALID_TRANSITION');
  });

  it('refuses a shipment of a receivable already paid in full or closed (INVALID_TRANSITION)', () => {
    spec.given(history(register(), grant(), pay('p-1', AMOUNT, '2026-01-18'))).when(ship()).thenThrows('INVALID_TRANSITION');
    spec.given(history(register(), grant(), close('2026-01-18'))).when(ship()).thenThrows('INVALID_TRANSITION');
  });

  it('refuses a shipment dated after today (FUTURE_DATE)', () => {
    spec.given(granted).when(ship('2026-01-20', { today: '2026-01-19' })).thenThrows('FUTURE_DATE');
  });
});

describe('Step 4: monitoring', () => {
  const shippedHistory = history(...SHIPPED_INSURED);

  it('records an alert on an open receivable; a shipped receivable with an alert is at step 4', () => {
    spec
      .given(shippedHistory)
      .when(alert('a-1'))
      .then([{ type: 'AlertRecorded', data: { alertId: 'a-1', kind: 'RATING_DOWNGRADE', severity: 'warning', date: '2026-02-01', grade: 3, previousGrade: 6, insolvencyDate: null } }]);
    const view = receivableView(receivableAfter(...SHIPPED_INSURED, alert('a-1')));
    expect(view).toMatchObject({ status: 'SHIPPED', step: 4 });
    expect(view?.alerts).toHaveLength(1);
  });

  it('records an alert once per alert id', () => {
    spec.given(history(...SHIPPED_INSURED, alert('a-1'))).when(alert('a-1')).thenNothingHappens();
  });

  it('records no alert on a SETTLED or CLOSED receivable', () => {
    spec.given(history(...SHIPPED_INSURED, pay('p-1', AMOUNT, '2026-01-25'))).when(alert('a-1')).thenNothingHappens();
    spec.given(history(...SHIPPED_INSURED, close('2026-01-25'))).when(alert('a-1')).thenNothingHappens();
  });

  it('an alert before shipment leaves the receivable at its step', () => {
    expect(receivableView(receivableAfter(register(), partial(5_000_000), alert('a-1')))).toMatchObject({ status: 'COVER_GRANTED', step: 2 });
  });

  it('an insolvency alert carries the insolvency date', () => {
    spec
      .given(shippedHistory)
      .when(alert('ins-1', { kind: 'INSOLVENCY', severity: 'critical', date: '2026-06-01', grade: undefined, previousGrade: undefined }))
      .then([{ type: 'AlertRecorded', data: { alertId: 'ins-1', kind: 'INSOLVENCY', severity: 'critical', date: '2026-06-01', grade: null, previousGrade: null, insolvencyDate: '2026-06-01' } }]);
  });

  it('refuses an alert of an unknown kind', () => {
    spec.given(shippedHistory).when(alert('a-1', { kind: 'RUMOUR' as never })).thenThrows('VALIDATION_FAILED');
  });
});
