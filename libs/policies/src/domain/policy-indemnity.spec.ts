import { fold } from '@tc/kernel';
import { DeciderSpecification } from '@tc/kernel/testing';
import { policyDecider } from './policy.decider';
import { IndemnityChargeReleased, PolicyEvent } from './policy.events';
import { chargeOf, firstLossUsedIn, indemnitiesChargedIn, issuedPolicy, maxLiabilityOf } from './policy.state';
import { POLICY_ID, chargeIndemnity, indemnityCharged, optionActivated, policyIssued, releaseCharge, workedExamplePolicy } from './testing/policy.fixtures';

const spec = DeciderSpecification.for(policyDecider);
const stateOf = (events: PolicyEvent[]) => fold(policyDecider, events);

const released = (receivableId: string, policyYear: number, indemnity: number, firstLossUsed = 0): IndemnityChargeReleased => ({
  type: 'IndemnityChargeReleased',
  data: { policyId: POLICY_ID, receivableId, policyYear, indemnity, firstLossUsed, reason: 'claim decision never recorded' },
});

describe('Indemnity = max(0, insured loss − unused aggregate first loss) × insured % − deductible, never below 0', () => {
  it('computes the worked example: 45,000.00 × 90 % − 1,000.00 = 39,500.00, within a maximum liability of 360,000.00', () => {
    spec
      .given([workedExamplePolicy])
      .when(chargeIndemnity('r-1', 4_500_000, '2026-06-20'))
      .then([indemnityCharged('r-1', '2026-06-20', { policyYear: 0, insuredLoss: 4_500_000, indemnityBeforeCap: 3_950_000 })]);
    expect(maxLiabilityOf(issuedPolicy(stateOf([workedExamplePolicy])))).toBe(36_000_000);
  });

  it('rounds half-up once, at the end', () => {
    // 10 × 85 % = 8.5 → 9; 10 × 85 % − 3 = 5.5 → 6
    spec.given([policyIssued({ terms: { insuredPercentage: 85 } })]).when(chargeIndemnity('r-1', 10, '2026-06-20')).then([indemnityCharged('r-1', '2026-06-20', { policyYear: 0, insuredLoss: 10, indemnityBeforeCap: 9 })]);
    spec
      .given([policyIssued({ terms: { insuredPercentage: 85, deductible: 3 } })])
      .when(chargeIndemnity('r-1', 10, '2026-06-20'))
      .then([indemnityCharged('r-1', '2026-06-20', { policyYear: 0, insuredLoss: 10, indemnityBeforeCap: 6 })]);
  });

  it('never goes below 0 when the deductible exceeds the insured share', () => {
    spec
      .given([workedExamplePolicy])
      .when(chargeIndemnity('r-1', 100_000, '2026-06-20'))
      .then([indemnityCharged('r-1', '2026-06-20', { policyYear: 0, insuredLoss: 100_000, indemnityBeforeCap: 0 })]);
  });

  it('takes the policy year of the approval’s decidedAt (an instant’s UTC date)', () => {
    spec
      .given([workedExamplePolicy])
      .when(chargeIndemnity('r-1', 4_500_000, '2027-01-01T00:30:00+00:00', '2027-01-01'))
      .then([indemnityCharged('r-1', '2027-01-01T00:30:00+00:00', { policyYear: 1, insuredLoss: 4_500_000, indemnityBeforeCap: 3_950_000 })]);
  });

  it('refuses an approval dated after today (FUTURE_DATE)', () => {
    spec.given([workedExamplePolicy]).when(chargeIndemnity('r-1', 4_500_000, '2027-01-01', '2026-12-31')).thenThrows('FUTURE_DATE');
  });

  it('refuses an approval before the policy’s effectiveFrom (POLICY_NOT_IN_FORCE)', () => {
    spec.given([policyIssued({ effectiveFrom: '2026-07-01' })]).when(chargeIndemnity('r-1', 4_500_000, '2026-06-30')).thenThrows('POLICY_NOT_IN_FORCE');
  });

  it('refuses a negative or fractional insured loss (VALIDATION_FAILED), and an unknown policy (NOT_FOUND)', () => {
    spec.given([workedExamplePolicy]).when(chargeIndemnity('r-1', -1, '2026-06-20')).thenThrows('VALIDATION_FAILED');
    spec.given([workedExamplePolicy]).when(chargeIndemnity('r-1', 1.5, '2026-06-20')).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(chargeIndemnity('r-1', 4_500_000, '2026-06-20')).thenThrows('NOT_FOUND');
  });

  it('uses a sub-policy’s local terms', () => {
    spec
      .given([policyIssued({ parentPolicyId: 'master', currency: 'USD', terms: { insuredPercentage: 80 } })])
      .when(chargeIndemnity('r-1', 1_000_000, '2026-06-20'))
      .then([indemnityCharged('r-1', '2026-06-20', { policyYear: 0, insuredLoss: 1_000_000, indemnityBeforeCap: 800_000 })]);
  });
});

describe('Claim threshold: an indemnity below it cannot be approved', () => {
  const policy = policyIssued({ terms: { claimThreshold: 500_000 } });

  it('refuses an indemnity below the claim threshold (BELOW_CLAIM_THRESHOLD), with no event', () => {
    // 555,554 × 90 % = 499,998.6 → 499,999
    spec.given([policy]).when(chargeIndemnity('r-1', 555_554, '2026-06-20')).thenThrows('BELOW_CLAIM_THRESHOLD', (e) => expect(e.details).toMatchObject({ indemnity: 499_999, claimThreshold: 500_000 }));
  });

  it('approves an indemnity equal to the threshold (after rounding)', () => {
    // 555,555 × 90 % = 499,999.5 → 500,000
    spec.given([policy]).when(chargeIndemnity('r-1', 555_555, '2026-06-20')).then([indemnityCharged('r-1', '2026-06-20', { policyYear: 0, insuredLoss: 555_555, indemnityBeforeCap: 500_000 })]);
  });

  it('compares the indemnity before the maximum liability cap with the threshold', () => {
    const small = policyIssued({ annualPremium: 100_000, terms: { claimThreshold: 500_000, maxLiabilityMultiple: 10 } });
    spec
      .given([small, indemnityCharged('r-0', '2026-03-01', { policyYear: 0, insuredLoss: 2_000_000, indemnityBeforeCap: 1_800_000, indemnity: 1_000_000 })])
      .when(chargeIndemnity('r-1', 1_000_000, '2026-06-20'))
      .then([indemnityCharged('r-1', '2026-06-20', { policyYear: 0, insuredLoss: 1_000_000, indemnityBeforeCap: 900_000, indemnity: 0 })]);
  });
});

describe('Excess of loss: the aggregate first loss is used up by the insured losses of the year in approval order', () => {
  const xol = optionActivated('EXCESS_OF_LOSS', '2026-01-01', 1_000_000);
  const claimA = indemnityCharged('r-a', '2026-03-01', { policyYear: 0, insuredLoss: 600_000, firstLossUsed: 600_000, indemnityBeforeCap: 0 });
  const claimB = indemnityCharged('r-b', '2026-05-01', { policyYear: 0, insuredLoss: 2_000_000, firstLossUsed: 400_000, indemnityBeforeCap: 1_440_000 });

  it('a first claim within the first loss is borne by the insured', () => {
    spec.given([policyIssued(), xol]).when(chargeIndemnity('r-a', 600_000, '2026-03-01')).then([claimA]);
  });

  it('a second claim of the year uses what is left of the first loss: (20,000.00 − 4,000.00) × 90 %', () => {
    spec.given([policyIssued(), xol, claimA]).when(chargeIndemnity('r-b', 2_000_000, '2026-05-01')).then([claimB]);
  });

  it('once used up, later claims of the year bear no first loss', () => {
    spec
      .given([policyIssued(), xol, claimA, claimB])
      .when(chargeIndemnity('r-c', 1_000_000, '2026-08-01'))
      .then([indemnityCharged('r-c', '2026-08-01', { policyYear: 0, insuredLoss: 1_000_000, indemnityBeforeCap: 900_000 })]);
    expect(firstLossUsedIn(stateOf([policyIssued(), xol, claimA, claimB]), 0)).toBe(1_000_000);
  });

  it('starts fresh in the next policy year', () => {
    spec
      .given([policyIssued(), xol, claimA, claimB])
      .when(chargeIndemnity('r-d', 1_500_000, '2027-02-01', '2027-02-01'))
      .then([indemnityCharged('r-d', '2027-02-01', { policyYear: 1, insuredLoss: 1_500_000, firstLossUsed: 1_000_000, indemnityBeforeCap: 450_000 })]);
  });

  it('applies the deductible per claim after the first loss', () => {
    spec
      .given([policyIssued({ terms: { deductible: 100_000 } }), xol])
      .when(chargeIndemnity('r-a', 1_500_000, '2026-03-01'))
      .then([indemnityCharged('r-a', '2026-03-01', { policyYear: 0, insuredLoss: 1_500_000, firstLossUsed: 1_000_000, indemnityBeforeCap: 350_000 })]);
  });

  it('bears no first loss on a claim approved before the option takes effect, which leaves the first loss whole', () => {
    const later = optionActivated('EXCESS_OF_LOSS', '2026-07-01', 1_000_000);
    const before = indemnityCharged('r-a', '2026-06-20', { policyYear: 0, insuredLoss: 600_000, indemnityBeforeCap: 540_000 });
    spec.given([policyIssued(), later]).when(chargeIndemnity('r-a', 600_000, '2026-06-20')).then([before]);
    spec
      .given([policyIssued(), later, before])
      .when(chargeIndemnity('r-b', 1_500_000, '2026-07-01'))
      .then([indemnityCharged('r-b', '2026-07-01', { policyYear: 0, insuredLoss: 1_500_000, firstLossUsed: 1_000_000, indemnityBeforeCap: 450_000 })]);
  });
});

describe('Maximum liability: indemnities charged in a policy year never exceed maxLiabilityMultiple × annual premium', () => {
  // annual premium 1,000.00 × 2 = 2,000.00 per policy year
  const policy = policyIssued({ annualPremium: 100_000, terms: { maxLiabilityMultiple: 2 } });
  const first = indemnityCharged('r-1', '2026-02-01', { policyYear: 0, insuredLoss: 150_000, indemnityBeforeCap: 135_000 });
  const second = indemnityCharged('r-2', '2026-03-01', { policyYear: 0, insuredLoss: 100_000, indemnityBeforeCap: 90_000, indemnity: 65_000 });

  it('charges in full while the year has room', () => {
    spec.given([policy]).when(chargeIndemnity('r-1', 150_000, '2026-02-01')).then([first]);
  });

  it('caps an indemnity at what is left of the maximum liability', () => {
    spec.given([policy, first]).when(chargeIndemnity('r-2', 100_000, '2026-03-01')).then([second]);
  });

  it('charges nothing more once the year’s maximum liability is used up', () => {
    spec
      .given([policy, first, second])
      .when(chargeIndemnity('r-3', 50_000, '2026-12-31'))
      .then([indemnityCharged('r-3', '2026-12-31', { policyYear: 0, insuredLoss: 50_000, indemnityBeforeCap: 45_000, indemnity: 0 })]);
    expect(indemnitiesChargedIn(stateOf([policy, first, second]), 0)).toBe(200_000);
  });

  it('has the full maximum liability again in the next policy year', () => {
    spec
      .given([policy, first, second])
      .when(chargeIndemnity('r-3', 50_000, '2027-01-01', '2027-01-01'))
      .then([indemnityCharged('r-3', '2027-01-01', { policyYear: 1, insuredLoss: 50_000, indemnityBeforeCap: 45_000 })]);
  });
});

describe('Policy years are counted from effectiveFrom’s anniversaries (29 February)', () => {
  // From 29 February 2024: years start 2025-02-28, 2026-02-28, 2027-02-28, then 2028-02-29 again.
  const leap = policyIssued({ effectiveFrom: '2024-02-29', annualPremium: 100_000, terms: { maxLiabilityMultiple: 1 } });
  const full = (id: string, decidedAt: string, policyYear: number) => indemnityCharged(id, decidedAt, { policyYear, insuredLoss: 200_000, indemnityBeforeCap: 180_000, indemnity: 100_000 });
  const TODAY = '2028-03-01';

  it('charges the day before the first anniversary to the first year', () => {
    spec.given([leap]).when(chargeIndemnity('r-1', 200_000, '2025-02-27', TODAY)).then([full('r-1', '2025-02-27', 0)]);
    spec
      .given([leap, full('r-1', '2025-02-27', 0)])
      .when(chargeIndemnity('r-2', 200_000, '2025-02-27', TODAY))
      .then([indemnityCharged('r-2', '2025-02-27', { policyYear: 0, insuredLoss: 200_000, indemnityBeforeCap: 180_000, indemnity: 0 })]);
  });

  it('starts the second year on 28 February in a common year, with a fresh maximum liability', () => {
    spec.given([leap, full('r-1', '2025-02-27', 0)]).when(chargeIndemnity('r-2', 200_000, '2025-02-28', TODAY)).then([full('r-2', '2025-02-28', 1)]);
  });

  it('starts the fifth year on 29 February again in a leap year', () => {
    spec.given([leap]).when(chargeIndemnity('r-1', 200_000, '2028-02-28', TODAY)).then([full('r-1', '2028-02-28', 3)]);
    spec.given([leap, full('r-1', '2028-02-28', 3)]).when(chargeIndemnity('r-2', 200_000, '2028-02-29', TODAY)).then([full('r-2', '2028-02-29', 4)]);
  });
});

describe('A charge is made once per receivable, and can be released', () => {
  const charged = indemnityCharged('r-1', '2026-06-20', { policyYear: 0, insuredLoss: 4_500_000, indemnityBeforeCap: 3_950_000 });

  it('charges nothing new when the same receivable is charged again; the existing charge can be read', () => {
    spec.given([workedExamplePolicy, charged]).when(chargeIndemnity('r-1', 4_500_000, '2026-06-21')).thenNothingHappens();
    expect(chargeOf(stateOf([workedExamplePolicy, charged]), 'r-1')).toMatchObject({ policyYear: 0, indemnity: 3_950_000, firstLossUsed: 0 });
    expect(chargeOf(stateOf([workedExamplePolicy, charged]), 'r-2')).toBeUndefined();
  });

  it('releases a charge whose claim decision was never recorded', () => {
    spec.given([workedExamplePolicy, charged]).when(releaseCharge('r-1')).then([released('r-1', 0, 3_950_000)]);
    expect(chargeOf(stateOf([workedExamplePolicy, charged, released('r-1', 0, 3_950_000)]), 'r-1')).toBeUndefined();
  });

  it('releases nothing for a receivable with no charge, or already released', () => {
    spec.given([workedExamplePolicy]).when(releaseCharge('r-1')).thenNothingHappens();
    spec.given([workedExamplePolicy, charged, released('r-1', 0, 3_950_000)]).when(releaseCharge('r-1')).thenNothingHappens();
  });

  it('charges a receivable again after its charge was released', () => {
    spec.given([workedExamplePolicy, charged, released('r-1', 0, 3_950_000)]).when(chargeIndemnity('r-1', 4_500_000, '2026-06-25')).then([
      indemnityCharged('r-1', '2026-06-25', { policyYear: 0, insuredLoss: 4_500_000, indemnityBeforeCap: 3_950_000 }),
    ]);
  });

  it('gives the maximum liability room back', () => {
    const policy = policyIssued({ annualPremium: 100_000, terms: { maxLiabilityMultiple: 2 } });
    const first = indemnityCharged('r-1', '2026-02-01', { policyYear: 0, insuredLoss: 150_000, indemnityBeforeCap: 135_000 });
    const second = indemnityCharged('r-2', '2026-03-01', { policyYear: 0, insuredLoss: 100_000, indemnityBeforeCap: 90_000, indemnity: 65_000 });
    spec
      .given([policy, first, second, released('r-1', 0, 135_000)])
      .when(chargeIndemnity('r-3', 100_000, '2026-04-01'))
      .then([indemnityCharged('r-3', '2026-04-01', { policyYear: 0, insuredLoss: 100_000, indemnityBeforeCap: 90_000 })]);
  });

  it('gives the aggregate first loss it used back', () => {
    const xol = optionActivated('EXCESS_OF_LOSS', '2026-01-01', 1_000_000);
    const first = indemnityCharged('r-1', '2026-03-01', { policyYear: 0, insuredLoss: 1_500_000, firstLossUsed: 1_000_000, indemnityBeforeCap: 450_000 });
    spec.given([policyIssued(), xol, first]).when(releaseCharge('r-1')).then([released('r-1', 0, 450_000, 1_000_000)]);
    spec
      .given([policyIssued(), xol, first, released('r-1', 0, 450_000, 1_000_000)])
      .when(chargeIndemnity('r-2', 1_500_000, '2026-04-01'))
      .then([indemnityCharged('r-2', '2026-04-01', { policyYear: 0, insuredLoss: 1_500_000, firstLossUsed: 1_000_000, indemnityBeforeCap: 450_000 })]);
  });
});
