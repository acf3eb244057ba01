import { fold } from '@tc/kernel';
import { policyDecider } from './policy.decider';
import { PolicyEvent, SubPolicyAttached } from './policy.events';
import { DEFAULT_POLICY_TERMS } from './policy-terms';
import { policyView } from './policy-view';
import { POLICY_ID, indemnityCharged, optionActivated, policyIssued, policyholder, turnoverDeclared, workedExamplePolicy } from './testing/policy.fixtures';

const view = (events: PolicyEvent[], today: string) => policyView(fold(policyDecider, events), today);
const subAttached: SubPolicyAttached = { type: 'SubPolicyAttached', data: { policyId: POLICY_ID, subPolicyId: 'sub-us', currency: 'USD', attachedAt: '2026-01-05' } };

describe('Policy view: terms, options, premium due vs billed, indemnities charged this policy year', () => {
  it('shows the worked example’s policy: terms with defaults filled and a maximum liability of 360,000.00', () => {
    const v = view([workedExamplePolicy, indemnityCharged('r-1', '2026-06-20', { policyYear: 0, insuredLoss: 4_500_000, indemnityBeforeCap: 3_950_000 })], '2026-07-15');
    expect(v).toEqual({
      id: POLICY_ID,
      product: 'SME_MODULAR',
      currency: 'EUR',
      policyholder,
      effectiveFrom: '2026-01-01',
      terms: { ...DEFAULT_POLICY_TERMS, insuredPercentage: 90, deductible: 100_000 },
      premiumRate: 0.003,
      annualPremium: 1_200_000,
      estimatedTurnover: 400_000_000,
      options: [],
      parentPolicyId: null,
      subPolicies: [],
      premium: { declaredTurnover: 0, premiumDue: 0, billed: 1_200_000, adjustment: -1_200_000, declarations: [] },
      maxLiability: 36_000_000,
      currentPolicyYear: {
        year: 0,
        from: '2026-01-01',
        until: '2026-12-31',
        indemnitiesCharged: 3_950_000,
        remainingLiability: 32_050_000,
        firstLossUsed: 0,
        firstLossRemaining: 0,
      },
    });
  });

  it('shows premium due from the declarations against the annual premium billed per policy year started', () => {
    const events = [policyIssued(), turnoverDeclared('2027-02-01', 50_000_000, 150_000), turnoverDeclared('2026-12-01', 40_000_000, 120_000), turnoverDeclared('2027-01-01', 0, 0)];
    expect(view(events, '2027-02-10').premium).toEqual({
      declaredTurnover: 90_000_000,
      premiumDue: 270_000,
      billed: 2_400_000,
      adjustment: 270_000 - 2_400_000,
      declarations: [
        { period: '2026-12-01', insuredTurnover: 40_000_000, premiumDue: 120_000 },
        { period: '2027-01-01', insuredTurnover: 0, premiumDue: 0 },
        { period: '2027-02-01', insuredTurnover: 50_000_000, premiumDue: 150_000 },
      ],
    });
    expect(view([policyIssued({ effectiveFrom: '2027-01-01' })], '2026-12-31').premium.billed).toBe(0);
  });

  it('shows no adjustment on SMALL_FLAT, whose premium is flat', () => {
    const small = policyIssued({ product: 'SMALL_FLAT', annualPremium: 150_000, premiumRate: null, premiumRateSource: 'NONE' });
    expect(view([small, turnoverDeclared('2026-03-01', 1_000_000, 0, null)], '2026-03-10').premium).toMatchObject({ premiumDue: 0, billed: 150_000, adjustment: 0 });
  });

  it('shows each option with its effective date and whether it is active today', () => {
    const events = [policyIssued(), optionActivated('POLITICAL_RISK', '2026-03-01'), optionActivated('EXCESS_OF_LOSS', '2026-09-01', 1_000_000)];
    expect(view(events, '2026-06-01').options).toEqual([
      { option: 'POLITICAL_RISK', effectiveFrom: '2026-03-01', activeToday: true },
      { option: 'EXCESS_OF_LOSS', effectiveFrom: '2026-09-01', aggregateFirstLoss: 1_000_000, activeToday: false },
    ]);
  });

  it('shows this policy year’s indemnities, remaining liability and first loss; other years are not counted', () => {
    const events = [
      policyIssued(),
      optionActivated('EXCESS_OF_LOSS', '2026-01-01', 1_000_000),
      indemnityCharged('r-1', '2026-03-01', { policyYear: 0, insuredLoss: 1_500_000, firstLossUsed: 1_000_000, indemnityBeforeCap: 450_000 }),
      indemnityCharged('r-2', '2027-03-01', { policyYear: 1, insuredLoss: 600_000, firstLossUsed: 600_000, indemnityBeforeCap: 0 }),
      indemnityCharged('r-3', '2027-04-01', { policyYear: 1, insuredLoss: 1_400_000, firstLossUsed: 400_000, indemnityBeforeCap: 900_000 }),
    ];
    expect(view(events, '2026-12-31').currentPolicyYear).toEqual({
      year: 0,
      from: '2026-01-01',
      until: '2026-12-31',
      indemnitiesCharged: 450_000,
      remainingLiability: 36_000_000 - 450_000,
      firstLossUsed: 1_000_000,
      firstLossRemaining: 0,
    });
    expect(view(events, '2027-04-15').currentPolicyYear).toMatchObject({ year: 1, from: '2027-01-01', until: '2027-12-31', indemnitiesCharged: 900_000, firstLossUsed: 1_000_000, firstLossRemaining: 0 });
    expect(view(events.slice(0, 4), '2027-03-15').currentPolicyYear).toMatchObject({ year: 1, indemnitiesCharged: 0, firstLossUsed: 600_000, firstLossRemaining: 400_000 });
  });

  it('shows a master’s sub-policies and a sub-policy’s master', () => {
    expect(view([policyIssued({ product: 'GROUP_MASTER' }), subAttached], '2026-02-01')).toMatchObject({ parentPolicyId: null, subPolicies: [{ id: 'sub-us', currency: 'USD' }] });
    expect(view([policyIssued({ parentPolicyId: 'master-1', currency: 'USD' })], '2026-02-01')).toMatchObject({ parentPolicyId: 'master-1', subPolicies: [] });
  });

  it('shows policy years from a 29 February start', () => {
    expect(view([policyIssued({ effectiveFrom: '2024-02-29' })], '2025-03-01').currentPolicyYear).toMatchObject({ year: 1, from: '2025-02-28', until: '2026-02-27' });
    expect(view([policyIssued({ effectiveFrom: '2024-02-29' })], '2028-02-29').currentPolicyYear).toMatchObject({ year: 4, from: '2028-02-29', until: '2029-02-27' });
  });

  it('refuses to show an unknown policy (NOT_FOUND)', () => {
    expect(() => view([], '2026-01-01')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
