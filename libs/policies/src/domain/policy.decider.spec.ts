import { DeciderSpecification } from '@tc/kernel/testing';
import { fold } from '@tc/kernel';
import { policyDecider } from './policy.decider';
import { SubPolicyAttached } from './policy.events';
import { DEFAULT_POLICY_TERMS } from './policy-terms';
import { isOptionActive, termsOf } from './policy.state';
import {
  POLICY_ID,
  TODAY,
  activateOption,
  declareTurnover,
  issuePolicy,
  optionActivated,
  policyIssued,
  turnoverDeclared,
} from './testing/policy.fixtures';

const spec = DeciderSpecification.for(policyDecider);
const MASTER_ID = 'b3c1d7a2-5f4e-4c1a-9d0b-6a2e8f1c00aa';
const master = { policyId: MASTER_ID, product: 'GROUP_MASTER' as const, isSubPolicy: false };

describe('Policy: issue', () => {
  it('issues a policy with every term at its default and the premium rate = annual premium ÷ estimated turnover', () => {
    spec.given([]).when(issuePolicy()).then([policyIssued()]);
  });

  it('keeps the terms it is given and fills the others with their defaults', () => {
    const terms = { insuredPercentage: 85, deductible: 100_000, reminderDays: [10, 20, 40] };
    spec.given([]).when(issuePolicy({ terms })).then([policyIssued({ terms })]);
    const state = fold(policyDecider, [policyIssued({ terms })]);
    expect(termsOf(state)).toEqual({ ...DEFAULT_POLICY_TERMS, ...terms });
  });

  it('records the premium rate of a quote when it is given', () => {
    spec.given([]).when(issuePolicy({ premiumRate: 0.0035 })).then([policyIssued({ premiumRate: 0.0035, premiumRateSource: 'GIVEN' })]);
  });

  it('records a quoted premium rate without an estimated turnover', () => {
    spec
      .given([])
      .when(issuePolicy({ premiumRate: 0.0035, estimatedTurnover: undefined }))
      .then([policyIssued({ premiumRate: 0.0035, premiumRateSource: 'GIVEN', estimatedTurnover: null })]);
  });

  it('derives the premium rate rounded half-up to 8 decimals', () => {
    // 1,000.00 ÷ 300,000.00 = 0.003333333… → 0.00333333; 2 ÷ 3 → 0.66666667
    spec.given([]).when(issuePolicy({ annualPremium: 100_000, estimatedTurnover: 30_000_000 })).then([policyIssued({ annualPremium: 100_000, estimatedTurnover: 30_000_000, premiumRate: 0.00333333 })]);
    spec.given([]).when(issuePolicy({ annualPremium: 2, estimatedTurnover: 3 })).then([policyIssued({ annualPremium: 2, estimatedTurnover: 3, premiumRate: 0.66666667 })]);
  });

  it('refuses a premium rate outside 0.10 %–1.00 % (INVALID_TERM)', () => {
    spec.given([]).when(issuePolicy({ premiumRate: 0.0009 })).thenThrows('INVALID_TERM', (e) => expect(e.details.term).toBe('premiumRate'));
    spec.given([]).when(issuePolicy({ premiumRate: 0.011 })).thenThrows('INVALID_TERM', (e) => expect(e.details.term).toBe('premiumRate'));
    spec.given([]).when(issuePolicy({ premiumRate: 0.001 })).then([policyIssued({ premiumRate: 0.001, premiumRateSource: 'GIVEN' })]);
    spec.given([]).when(issuePolicy({ premiumRate: 0.01 })).then([policyIssued({ premiumRate: 0.01, premiumRateSource: 'GIVEN' })]);
  });

  it('refuses a policy other than SMALL_FLAT without premium rate or estimated turnover: the rate prices declarations (PRODUCT_CONSTRAINT)', () => {
    spec.given([]).when(issuePolicy({ estimatedTurnover: undefined })).thenThrows('PRODUCT_CONSTRAINT');
    spec.given([]).when(issuePolicy({ estimatedTurnover: 0 })).thenThrows('PRODUCT_CONSTRAINT');
  });

  it('refuses to issue the same policy twice (DUPLICATE_POLICY)', () => {
    spec.given([policyIssued()]).when(issuePolicy()).thenThrows('DUPLICATE_POLICY', (e) => expect(e.details.existingId).toBe(POLICY_ID));
  });

  it('refuses an issue dated after today (FUTURE_DATE); effectiveFrom may lie in the future', () => {
    spec.given([]).when(issuePolicy({ issuedAt: '2025-12-16', today: '2025-12-15' })).thenThrows('FUTURE_DATE');
    spec.given([]).when(issuePolicy({ effectiveFrom: '2027-01-01' })).then([policyIssued({ effectiveFrom: '2027-01-01' })]);
  });

  it('refuses an annual premium that is not positive, an unknown product, currency or country (VALIDATION_FAILED)', () => {
    spec.given([]).when(issuePolicy({ annualPremium: 0 })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(issuePolicy({ annualPremium: 100.5 })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(issuePolicy({ product: 'LARGE' as never })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(issuePolicy({ currency: 'EUX' })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(issuePolicy({ policyholder: { name: 'X', legalId: 'Y', country: 'XX' } })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(issuePolicy({ estimatedTurnover: -1 })).thenThrows('VALIDATION_FAILED');
  });

  describe('every (policy) term within its bounds, else INVALID_TERM naming the term', () => {
    const outOfRange: [string, unknown][] = [
      ['insuredPercentage', 49],
      ['insuredPercentage', 96],
      ['insuredPercentage', 90.5],
      ['maxCreditTermDays', 0],
      ['maxCreditTermDays', 361],
      ['discretionaryLimit', -1],
      ['discretionaryLimit', 0.5],
      ['overdueDeclarationDays', 0],
      ['overdueDeclarationDays', 181],
      ['collectionHandoverDays', 0],
      ['collectionHandoverDays', 181],
      ['waitingPeriodDays', 29],
      ['waitingPeriodDays', 721],
      ['limitReductionNoticeDays', -1],
      ['limitReductionNoticeDays', 181],
      ['deductible', -1],
      ['claimThreshold', -1],
      ['maxLiabilityMultiple', 0],
      ['maxLiabilityMultiple', 101],
      ['reminderDays', []],
      ['reminderDays', [1, 2, 3, 4, 5, 6]],
      ['reminderDays', [21, 7]],
      ['reminderDays', [7, 7]],
      ['reminderDays', [0, 7]],
      ['reminderDays', [7, 60]],
      ['reminderDays', [7.5]],
    ];
    it.each(outOfRange)('refuses %s = %j', (term, value) => {
      spec.given([]).when(issuePolicy({ terms: { [term]: value } })).thenThrows('INVALID_TERM', (e) => expect(e.details.term).toBe(term));
    });

    const atBounds: [string, unknown][] = [
      ['insuredPercentage', 50],
      ['insuredPercentage', 95],
      ['maxCreditTermDays', 1],
      ['maxCreditTermDays', 360],
      ['discretionaryLimit', 0],
      ['overdueDeclarationDays', 180],
      ['collectionHandoverDays', 1],
      ['collectionHandoverDays', 180],
      ['waitingPeriodDays', 30],
      ['waitingPeriodDays', 720],
      ['limitReductionNoticeDays', 0],
      ['limitReductionNoticeDays', 180],
      ['maxLiabilityMultiple', 1],
      ['maxLiabilityMultiple', 100],
      ['reminderDays', [1]],
      ['reminderDays', [1, 2, 3, 4, 59]],
    ];
    it.each(atBounds)('accepts %s = %j', (term, value) => {
      spec.given([]).when(issuePolicy({ terms: { [term]: value } })).then([policyIssued({ terms: { [term]: value } })]);
    });

    it('checks reminder days against the overdue declaration deadline it is given', () => {
      spec.given([]).when(issuePolicy({ terms: { overdueDeclarationDays: 21 } })).thenThrows('INVALID_TERM', (e) => expect(e.details.term).toBe('reminderDays'));
      spec.given([]).when(issuePolicy({ terms: { overdueDeclarationDays: 22 } })).then([policyIssued({ terms: { overdueDeclarationDays: 22 } })]);
    });
  });

  describe('SMALL_FLAT: in EUR, fixed annual premium, estimated insured turnover ≤ 7,500,000.00 EUR', () => {
    const small = (data: Parameters<typeof issuePolicy>[0] = {}) => issuePolicy({ product: 'SMALL_FLAT', annualPremium: 150_000, estimatedTurnover: 50_000_000, ...data });

    it('issues a SMALL_FLAT policy with no premium rate (flat premium)', () => {
      spec
        .given([])
        .when(small())
        .then([policyIssued({ product: 'SMALL_FLAT', annualPremium: 150_000, estimatedTurnover: 50_000_000, premiumRate: null, premiumRateSource: 'NONE' })]);
    });

    it('accepts an estimated turnover of exactly 7,500,000.00 EUR', () => {
      spec
        .given([])
        .when(small({ estimatedTurnover: 750_000_000 }))
        .then([policyIssued({ product: 'SMALL_FLAT', annualPremium: 150_000, estimatedTurnover: 750_000_000, premiumRate: null, premiumRateSource: 'NONE' })]);
    });

    it('refuses another currency than EUR (PRODUCT_CONSTRAINT)', () => {
      spec.given([]).when(small({ currency: 'USD' })).thenThrows('PRODUCT_CONSTRAINT');
    });

    it('refuses a SMALL_FLAT without estimated turnover (PRODUCT_CONSTRAINT)', () => {
      spec.given([]).when(small({ estimatedTurnover: undefined })).thenThrows('PRODUCT_CONSTRAINT');
    });

    it('refuses an estimated turnover above 7,500,000.00 EUR (PRODUCT_CONSTRAINT)', () => {
      spec.given([]).when(small({ estimatedTurnover: 750_000_001 })).thenThrows('PRODUCT_CONSTRAINT');
    });

    it('refuses a premium rate: the annual premium is fixed (PRODUCT_CONSTRAINT)', () => {
      spec.given([]).when(small({ premiumRate: 0.003 })).thenThrows('PRODUCT_CONSTRAINT');
    });
  });

  describe('GROUP_MASTER: a master policy with local sub-policies, each with its own currency and local terms', () => {
    const SUB_ID = 'b3c1d7a2-5f4e-4c1a-9d0b-6a2e8f1c00bb';
    const attach = (subPolicyId = SUB_ID, currency = 'USD') => ({ type: 'AttachSubPolicy' as const, data: { subPolicyId, currency, attachedAt: '2026-01-05T08:00:00Z' } });
    const attached = (subPolicyId = SUB_ID, currency = 'USD'): SubPolicyAttached => ({
      type: 'SubPolicyAttached',
      data: { policyId: POLICY_ID, subPolicyId, currency, attachedAt: '2026-01-05T08:00:00Z' },
    });
    const masterIssued = policyIssued({ product: 'GROUP_MASTER' });

    it('issues a sub-policy under a GROUP_MASTER, in its own currency with local terms', () => {
      spec
        .given([])
        .when(issuePolicy({ parent: master, currency: 'USD', terms: { waitingPeriodDays: 180 } }))
        .then([policyIssued({ parentPolicyId: MASTER_ID, currency: 'USD', terms: { waitingPeriodDays: 180 } })]);
    });

    it('refuses a sub-policy whose master is not a GROUP_MASTER (PRODUCT_CONSTRAINT)', () => {
      spec.given([]).when(issuePolicy({ parent: { ...master, product: 'MIDCAP_GLOBAL' } })).thenThrows('PRODUCT_CONSTRAINT');
    });

    it('refuses a sub-policy of a sub-policy (PRODUCT_CONSTRAINT)', () => {
      spec.given([]).when(issuePolicy({ parent: { ...master, isSubPolicy: true } })).thenThrows('PRODUCT_CONSTRAINT');
    });

    it('refuses a policy as its own master (PRODUCT_CONSTRAINT)', () => {
      spec.given([]).when(issuePolicy({ parent: { ...master, policyId: POLICY_ID } })).thenThrows('PRODUCT_CONSTRAINT');
    });

    it('records a sub-policy on its master so that figures roll up', () => {
      spec.given([masterIssued]).when(attach()).then([attached()]);
    });

    it('records each sub-policy once (attaching again changes nothing)', () => {
      spec.given([masterIssued, attached()]).when(attach()).thenNothingHappens();
      spec.given([masterIssued, attached()]).when(attach('another-sub', 'GBP')).then([attached('another-sub', 'GBP')]);
    });

    it('refuses a sub-policy on a policy that is not a GROUP_MASTER (PRODUCT_CONSTRAINT)', () => {
      spec.given([policyIssued()]).when(attach()).thenThrows('PRODUCT_CONSTRAINT');
    });

    it('refuses a sub-policy on a sub-policy (PRODUCT_CONSTRAINT)', () => {
      spec.given([policyIssued({ product: 'GROUP_MASTER', parentPolicyId: MASTER_ID })]).when(attach()).thenThrows('PRODUCT_CONSTRAINT');
    });

    it('refuses to attach to an unknown master (NOT_FOUND)', () => {
      spec.given([]).when(attach()).thenThrows('NOT_FOUND');
    });
  });
});

describe('Policy: options, each activated with an effective date and its own terms', () => {
  it('activates political risk from its effective date', () => {
    spec.given([policyIssued()]).when(activateOption('POLITICAL_RISK', '2026-03-01')).then([optionActivated('POLITICAL_RISK', '2026-03-01')]);
    const state = fold(policyDecider, [policyIssued(), optionActivated('POLITICAL_RISK', '2026-03-01')]);
    expect(isOptionActive(state, 'POLITICAL_RISK', '2026-02-28')).toBe(false);
    expect(isOptionActive(state, 'POLITICAL_RISK', '2026-03-01')).toBe(true);
    expect(isOptionActive(state, 'PRE_SHIPMENT', '2026-03-01')).toBe(false);
  });

  it('activates pre-shipment cover, and an option effective in the future', () => {
    spec.given([policyIssued()]).when(activateOption('PRE_SHIPMENT', '2027-06-01')).then([optionActivated('PRE_SHIPMENT', '2027-06-01')]);
  });

  it('activates excess of loss with its annual aggregate first loss', () => {
    spec.given([policyIssued()]).when(activateOption('EXCESS_OF_LOSS', '2026-01-01', 1_000_000)).then([optionActivated('EXCESS_OF_LOSS', '2026-01-01', 1_000_000)]);
  });

  it('refuses excess of loss without a positive aggregate first loss (INVALID_TERM)', () => {
    spec.given([policyIssued()]).when(activateOption('EXCESS_OF_LOSS', '2026-01-01')).thenThrows('INVALID_TERM', (e) => expect(e.details.term).toBe('aggregateFirstLoss'));
    spec.given([policyIssued()]).when(activateOption('EXCESS_OF_LOSS', '2026-01-01', 0)).thenThrows('INVALID_TERM', (e) => expect(e.details.term).toBe('aggregateFirstLoss'));
  });

  it('refuses an aggregate first loss on another option (INVALID_TERM)', () => {
    spec.given([policyIssued()]).when(activateOption('POLITICAL_RISK', '2026-01-01', 1_000_000)).thenThrows('INVALID_TERM', (e) => expect(e.details.term).toBe('aggregateFirstLoss'));
  });

  it('refuses an option effective before the policy (INVALID_TERM)', () => {
    spec.given([policyIssued()]).when(activateOption('POLITICAL_RISK', '2025-12-31')).thenThrows('INVALID_TERM', (e) => expect(e.details.term).toBe('effectiveFrom'));
  });

  it('refuses options on SMALL_FLAT (PRODUCT_CONSTRAINT)', () => {
    spec.given([policyIssued({ product: 'SMALL_FLAT', premiumRate: null })]).when(activateOption('POLITICAL_RISK', '2026-03-01')).thenThrows('PRODUCT_CONSTRAINT');
  });

  it('refuses the same option twice (OPTION_ALREADY_ACTIVE)', () => {
    spec.given([policyIssued(), optionActivated('POLITICAL_RISK', '2026-03-01')]).when(activateOption('POLITICAL_RISK', '2026-06-01')).thenThrows('OPTION_ALREADY_ACTIVE');
  });

  it('refuses an activation dated after today (FUTURE_DATE)', () => {
    spec.given([policyIssued()]).when({ ...activateOption('POLITICAL_RISK', '2027-03-01', undefined, '2027-01-01') }).thenThrows('FUTURE_DATE');
  });

  it('refuses an option on an unknown policy (NOT_FOUND)', () => {
    spec.given([]).when(activateOption('POLITICAL_RISK', '2026-03-01')).thenThrows('NOT_FOUND');
  });
});

describe('Policy: turnover declarations (one per period, nil allowed)', () => {
  it('records premium due = roundHalfUp(insured turnover × premium rate)', () => {
    // 1,234,500 × 0.001 = 1,234.5 → 1,235 (half-up)
    spec.given([policyIssued({ premiumRate: 0.001 })]).when(declareTurnover('2026-10-01', 1_234_500)).then([turnoverDeclared('2026-10-01', 1_234_500, 1_235, 0.001)]);
    // 33,333,333 × 0.003 = 99,999.999 → 100,000
    spec.given([policyIssued()]).when(declareTurnover('2026-10-01', 33_333_333)).then([turnoverDeclared('2026-10-01', 33_333_333, 100_000)]);
  });

  it('records a nil declaration with no premium due (0 or null)', () => {
    spec.given([policyIssued()]).when(declareTurnover('2026-10-01', 0)).then([turnoverDeclared('2026-10-01', 0, 0)]);
    spec.given([policyIssued()]).when(declareTurnover('2026-10-01', null)).then([turnoverDeclared('2026-10-01', 0, 0)]);
  });

  it('records no premium due on SMALL_FLAT, whose premium is flat', () => {
    spec
      .given([policyIssued({ product: 'SMALL_FLAT', premiumRate: null, premiumRateSource: 'NONE' })])
      .when(declareTurnover('2026-10-01', 40_000_000))
      .then([turnoverDeclared('2026-10-01', 40_000_000, 0, null)]);
  });

  it('accepts the month in which the policy starts, and the current month', () => {
    spec.given([policyIssued({ effectiveFrom: '2026-03-15' })]).when(declareTurnover('2026-03-01', 1_000)).then([turnoverDeclared('2026-03-01', 1_000, 3)]);
    spec.given([policyIssued()]).when(declareTurnover('2026-12-01', 1_000, '2026-12-31')).then([turnoverDeclared('2026-12-01', 1_000, 3, 0.003, '2026-12-31')]);
  });

  it('refuses a second declaration for the same period (DUPLICATE_DECLARATION)', () => {
    spec.given([policyIssued(), turnoverDeclared('2026-10-01', 0, 0)]).when(declareTurnover('2026-10-01', 1_000)).thenThrows('DUPLICATE_DECLARATION');
  });

  it('refuses a period that is not the first day of a month (INVALID_PERIOD)', () => {
    spec.given([policyIssued()]).when(declareTurnover('2026-10-02', 1_000)).thenThrows('INVALID_PERIOD');
    spec.given([policyIssued()]).when(declareTurnover('2026-10', 1_000)).thenThrows('INVALID_PERIOD');
  });

  it('refuses a period before the policy’s first month (INVALID_PERIOD)', () => {
    spec.given([policyIssued({ effectiveFrom: '2026-03-15' })]).when(declareTurnover('2026-02-01', 1_000)).thenThrows('INVALID_PERIOD');
  });

  it('refuses a period starting after today (FUTURE_DATE)', () => {
    spec.given([policyIssued()]).when(declareTurnover('2027-01-01', 1_000)).thenThrows('FUTURE_DATE');
  });

  it('refuses a declaration dated after today (FUTURE_DATE)', () => {
    spec.given([policyIssued()]).when(declareTurnover('2026-10-01', 1_000, '2027-01-02')).thenThrows('FUTURE_DATE');
  });

  it('refuses a negative or fractional turnover (VALIDATION_FAILED)', () => {
    spec.given([policyIssued()]).when(declareTurnover('2026-10-01', -1)).thenThrows('VALIDATION_FAILED');
    spec.given([policyIssued()]).when(declareTurnover('2026-10-01', 10.5)).thenThrows('VALIDATION_FAILED');
  });

  it('refuses a declaration on an unknown policy (NOT_FOUND)', () => {
    spec.given([]).when(declareTurnover('2026-10-01', 1_000, '2026-11-05', TODAY)).thenThrows('NOT_FOUND');
  });
});
