import { DeciderSpecification } from '@tc/kernel/testing';
import { debtorAlerts } from './debtor-alerts';
import { debtorDecider } from './debtor.decider';
import { DebtorIdentityClaimed, DebtorInsolvencyDeclared, DebtorRated, DebtorRegistered } from './debtor.events';
import { debtorIdentityDecider, debtorIdentityStream } from './debtor-identity.decider';

const debtorId = '6f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e01';
const identity = { debtorId, legalId: 'FR552100554', country: 'FR', name: 'Acme SAS', sector: 'construction' as const, registeredAt: '2026-01-02T09:00:00.000Z' };
const registered: DebtorRegistered = { type: 'DebtorRegistered', data: identity };
const rated = (grade: number, previousGrade: number | null, ratedOn: string): DebtorRated => ({
  type: 'DebtorRated',
  data: { debtorId, grade, previousGrade, ratedAt: ratedOn, ratedOn, source: 'agency' },
});
const insolvent: DebtorInsolvencyDeclared = {
  type: 'DebtorInsolvencyDeclared',
  data: { debtorId, declaredAt: '2026-06-01', insolvencyDate: '2026-06-01', proceeding: 'liquidation' },
};

const rate = (grade: number, ratedAt: string, today = '2026-06-30') => ({ type: 'RecordRating' as const, data: { grade, ratedAt, source: 'agency', today } });
const declare = (declaredAt: string, today = '2026-06-30') => ({ type: 'DeclareInsolvency' as const, data: { declaredAt, proceeding: 'liquidation', today } });

describe('Debtor', () => {
  const spec = DeciderSpecification.for(debtorDecider);

  describe('registration', () => {
    it('registers a debtor with its identity and sector', () => {
      spec.given([]).when({ type: 'RegisterDebtor', data: identity }).then([registered]);
    });

    it('refuses to register the same debtor stream twice, naming the existing id', () => {
      spec.given([registered]).when({ type: 'RegisterDebtor', data: identity }).thenThrows('DUPLICATE_DEBTOR', (e) => expect(e.details.existingId).toBe(debtorId));
    });
  });

  describe('legal identity is unique (legal id + country of head office)', () => {
    const identitySpec = DeciderSpecification.for(debtorIdentityDecider);
    const claimed: DebtorIdentityClaimed = { type: 'DebtorIdentityClaimed', data: identity };

    it('claims a free identity', () => {
      identitySpec.given([]).when({ type: 'ClaimDebtorIdentity', data: identity }).then([claimed]);
    });

    it('refuses a second debtor with the same legal id and country, naming the first', () => {
      identitySpec
        .given([claimed])
        .when({ type: 'ClaimDebtorIdentity', data: { ...identity, debtorId: 'another' } })
        .thenThrows('DUPLICATE_DEBTOR', (e) => expect(e.details.existingId).toBe(debtorId));
    });

    it('compares legal ids without case, spaces or punctuation, and per country', () => {
      expect(debtorIdentityStream('fr 552.100-554', 'FR')).toBe(debtorIdentityStream('FR552100554', 'FR'));
      expect(debtorIdentityStream('FR552100554', 'BE')).not.toBe(debtorIdentityStream('FR552100554', 'FR'));
    });
  });

  describe('ratings (scale 0 = in default … 10 = best)', () => {
    it('records a first rating with no previous grade', () => {
      spec.given([registered]).when(rate(6, '2026-01-10')).then([rated(6, null, '2026-01-10')]);
    });

    it('records a rating change with the grade it replaces', () => {
      spec.given([registered, rated(6, null, '2026-01-10')]).when(rate(3, '2026-02-01')).then([rated(3, 6, '2026-02-01')]);
    });

    it('refuses a rating dated after today (FUTURE_DATE)', () => {
      spec.given([registered]).when(rate(6, '2026-07-01', '2026-06-30')).thenThrows('FUTURE_DATE');
    });

    it('refuses a rating older than the latest one', () => {
      spec.given([registered, rated(6, null, '2026-02-01')]).when(rate(5, '2026-01-31')).thenThrows('RATING_OUT_OF_ORDER');
    });

    it('refuses a grade outside 0–10', () => {
      spec.given([registered]).when(rate(11, '2026-01-10')).thenThrows('INVALID_GRADE');
      spec.given([registered]).when(rate(-1, '2026-01-10')).thenThrows('INVALID_GRADE');
    });

    it('refuses to rate an unknown debtor', () => {
      spec.given([]).when(rate(5, '2026-01-10')).thenThrows('NOT_FOUND');
    });
  });

  describe('insolvency', () => {
    it('records the insolvency date from declaredAt', () => {
      spec.given([registered]).when(declare('2026-06-01')).then([insolvent]);
    });

    it('refuses a second insolvency (INVALID_TRANSITION)', () => {
      spec.given([registered, insolvent]).when(declare('2026-06-02')).thenThrows('INVALID_TRANSITION');
    });

    it('refuses an insolvency dated after today (FUTURE_DATE)', () => {
      spec.given([registered]).when(declare('2026-07-01', '2026-06-30')).thenThrows('FUTURE_DATE');
    });

    it('still records ratings of an insolvent debtor', () => {
      spec.given([registered, rated(4, null, '2026-05-01'), insolvent]).when(rate(0, '2026-06-02')).then([rated(0, 4, '2026-06-02')]);
    });
  });
});

describe('Debtor alerts', () => {
  const fold = (events: Parameters<typeof debtorDecider.evolve>[1][]) => events.reduce(debtorDecider.evolve, debtorDecider.initialState());

  it('raises an informational alert on a rise, a warning on a fall, and a critical one on insolvency; a first rating is no change', () => {
    const state = fold([registered, rated(5, null, '2026-01-10'), rated(6, 5, '2026-02-01'), rated(3, 6, '2026-03-01'), rated(3, 3, '2026-03-05'), insolvent]);
    if (state.status === 'UNKNOWN') throw new Error('unreachable');
    expect(debtorAlerts(state)).toEqual([
      { kind: 'RATING_UPGRADE', severity: 'info', date: '2026-02-01', grade: 6, previousGrade: 5 },
      { kind: 'RATING_DOWNGRADE', severity: 'warning', date: '2026-03-01', grade: 3, previousGrade: 6 },
      { kind: 'INSOLVENCY', severity: 'critical', date: '2026-06-01', proceeding: 'liquidation' },
    ]);
  });
});
