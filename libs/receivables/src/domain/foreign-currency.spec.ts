import { DeciderSpecification } from '@tc/kernel/testing';
import { insuredLossOf } from './indemnity';
import { receivableDecider } from './receivable.decider';
import { approve, fileClaim, grant, history, pay, payIndemnity, receivableAfter, recover, register, ship } from './receivable.fixtures';
import { receivableView } from './receivable.view';
import { reservationOf } from './reservation';

/**
 * A USD receivable on a EUR policy: amount, payments and recoveries in USD; cover, insured
 * loss, indemnity and recovery shares in EUR, converted at the registration's fxRate
 * (EUR per USD), rounded half-up once per computation.
 */
const spec = DeciderSpecification.for(receivableDecider);
const usd = register({ amount: 1_000_000, currency: 'USD', fxRate: 0.92 });
const insolvency = { debtorInsolvencyDate: '2026-06-01' };
const claimed = [usd, grant(), ship(), pay('p-1', 250_000, '2026-03-10'), fileClaim('INSOLVENCY', '2026-06-05', insolvency)];

describe('A foreign-currency receivable (10,000.00 USD on a EUR policy at 0.92)', () => {
  it('records the rate and requests the whole amount converted by default: 9,200.00 EUR', () => {
    const view = receivableView(receivableAfter(usd));
    expect(view).toMatchObject({ currency: 'USD', amount: 1_000_000, policyCurrency: 'EUR', fxRate: 0.92, requestedCover: 920_000 });
  });

  it('refuses more cover than the converted amount (COVER_EXCEEDS_AMOUNT)', () => {
    spec.given([]).when(register({ amount: 1_000_000, currency: 'USD', fxRate: 0.92, requestedCover: 920_001 })).thenThrows('COVER_EXCEEDS_AMOUNT');
  });

  it('reserves min(cover in force, outstanding converted) after shipment', () => {
    expect(reservationOf(receivableAfter(usd, grant(), ship()), '2026-01-20')).toBe(920_000);
    expect(reservationOf(receivableAfter(usd, grant(), ship(), pay('p-1', 250_000, '2026-03-10')), '2026-03-10')).toBe(690_000);
  });

  it('insured loss = outstanding at the date of loss converted (7,500.00 USD → 6,900.00 EUR), capped at the cover in force', () => {
    expect(insuredLossOf(receivableAfter(...claimed))).toBe(690_000);
    expect(receivableView(receivableAfter(...claimed))).toMatchObject({ outstanding: 750_000, insuredLoss: 690_000, coverInForce: 920_000 });
  });

  it('bounds the indemnity at 90 % of the insured loss in EUR', () => {
    spec.given(history(...claimed)).when(approve(621_001)).thenThrows('INDEMNITY_EXCEEDS_INSURED_SHARE');
  });

  it('converts a recovery and shares it: 1,000.00 USD → 920.00 EUR, insurer 920.00 × 6,210 / 6,900 = 828.00, insured 92.00', () => {
    spec
      .given(history(...claimed, approve(621_000), payIndemnity()))
      .when(recover(100_000, '2026-09-01'))
      .then([
        {
          type: 'RecoveryRecorded',
          data: { amount: 100_000, recoveredAt: '2026-09-01', recoveredOn: '2026-09-01', amountInPolicyCurrency: 92_000, insurerShare: 82_800, insuredShare: 9_200 },
        },
      ]);
    expect(receivableView(receivableAfter(...claimed, approve(621_000), payIndemnity(), recover(100_000, '2026-09-01')))).toMatchObject({ outstanding: 650_000, recoveredToInsurer: 82_800 });
  });

  it('rounds each conversion half-up once (0.01 USD at 1.5 → 0.02 EUR; 3,333.33 USD at 1.085123 → 3,617.07 EUR)', () => {
    expect(receivableView(receivableAfter(register({ amount: 1, currency: 'USD', fxRate: 1.5 })))).toMatchObject({ requestedCover: 2 });
    expect(receivableView(receivableAfter(register({ amount: 333_333, currency: 'USD', fxRate: 1.085123 })))).toMatchObject({ requestedCover: 361_707 });
  });

  it('respects each currency’s minor units (1,000,000 JPY at 0.006123 → 6,123.00 EUR)', () => {
    expect(receivableView(receivableAfter(register({ amount: 1_000_000, currency: 'JPY', fxRate: 0.006123 })))).toMatchObject({ requestedCover: 612_300 });
  });
});
