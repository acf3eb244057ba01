import fc from 'fast-check';
import { DomainError, addDays, divideHalfUp } from '@tc/kernel';
import { policyDecider } from './policy.decider';
import { IndemnityCharged, PolicyEvent } from './policy.events';
import { PolicyState, firstLossUsedIn, indemnitiesChargedIn, issuedPolicy, maxLiabilityOf } from './policy.state';
import { chargeIndemnity, optionActivated, policyIssued, releaseCharge } from './testing/policy.fixtures';

/**
 * Random policies (small annual premium and multiple, so the maximum liability binds often;
 * sometimes an excess-of-loss first loss and a claim threshold) and random sequences of
 * charges and releases over four policy years, run through decide + evolve.
 */
const START = '2026-01-01';
const TODAY = '2029-12-31';
const YEARS = [0, 1, 2, 3];

const policyArb = fc.record({
  annualPremium: fc.integer({ min: 1, max: 200_000 }),
  maxLiabilityMultiple: fc.integer({ min: 1, max: 5 }),
  insuredPercentage: fc.integer({ min: 50, max: 95 }),
  deductible: fc.integer({ min: 0, max: 50_000 }),
  claimThreshold: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20_000 })),
  xol: fc.option(fc.record({ aggregateFirstLoss: fc.integer({ min: 1, max: 500_000 }), days: fc.integer({ min: 0, max: 800 }) }), { nil: undefined }),
});

type Op = { kind: 'charge'; receivable: number; insuredLoss: number; day: number } | { kind: 'release'; receivable: number };
const chargeOp = fc.record({ kind: fc.constant('charge' as const), receivable: fc.integer({ min: 0, max: 15 }), insuredLoss: fc.integer({ min: 0, max: 1_000_000 }), day: fc.integer({ min: 0, max: 1_460 }) });
const releaseOp = fc.record({ kind: fc.constant('release' as const), receivable: fc.integer({ min: 0, max: 15 }) });

type PolicyCase = typeof policyArb extends fc.Arbitrary<infer T> ? T : never;

function run(policy: PolicyCase, ops: Op[]) {
  const { xol, annualPremium, ...terms } = policy;
  const history: PolicyEvent[] = [policyIssued({ annualPremium, terms })];
  if (xol) history.push(optionActivated('EXCESS_OF_LOSS', addDays(START, xol.days), xol.aggregateFirstLoss));
  let state: PolicyState = history.reduce(policyDecider.evolve, policyDecider.initialState());
  for (const op of ops) {
    const command = op.kind === 'charge' ? chargeIndemnity(`r-${op.receivable}`, op.insuredLoss, addDays(START, op.day), TODAY) : releaseCharge(`r-${op.receivable}`);
    try {
      const events = policyDecider.decide(command, state);
      history.push(...events);
      state = events.reduce(policyDecider.evolve, state);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'BELOW_CLAIM_THRESHOLD') throw error;
    }
  }
  return { state, history };
}

const charges = (history: PolicyEvent[]): IndemnityCharged['data'][] => history.flatMap((e) => (e.type === 'IndemnityCharged' ? [e.data] : []));

describe('Indemnity properties', () => {
  it('the total charged per policy year never exceeds the maximum liability, nor the first loss used its aggregate', () => {
    fc.assert(
      fc.property(policyArb, fc.array(fc.oneof({ weight: 4, arbitrary: chargeOp }, { weight: 1, arbitrary: releaseOp }), { maxLength: 40 }), (policy, ops) => {
        const { state } = run(policy, ops);
        const maxLiability = maxLiabilityOf(issuedPolicy(state));
        for (const year of YEARS) {
          expect(indemnitiesChargedIn(state, year)).toBeLessThanOrEqual(maxLiability);
          expect(firstLossUsedIn(state, year)).toBeLessThanOrEqual(policy.xol?.aggregateFirstLoss ?? 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every indemnity is between 0 and insured loss × insured % (rounded half-up), and at least the claim threshold before the cap', () => {
    fc.assert(
      fc.property(policyArb, fc.array(fc.oneof({ weight: 4, arbitrary: chargeOp }, { weight: 1, arbitrary: releaseOp }), { maxLength: 40 }), (policy, ops) => {
        for (const c of charges(run(policy, ops).history)) {
          const insuredShare = divideHalfUp(BigInt(c.insuredLoss) * BigInt(policy.insuredPercentage), 100n);
          expect(c.indemnity).toBeGreaterThanOrEqual(0);
          expect(c.indemnity).toBeLessThanOrEqual(c.indemnityBeforeCap);
          expect(c.indemnityBeforeCap).toBeLessThanOrEqual(insuredShare);
          expect(c.indemnityBeforeCap).toBeGreaterThanOrEqual(policy.claimThreshold);
          expect(c.firstLossUsed).toBeLessThanOrEqual(c.insuredLoss);
          expect(c.cappedByMaxLiability).toBe(c.indemnity < c.indemnityBeforeCap);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('without releases, a year’s total is min(maximum liability, sum of the indemnities before the cap)', () => {
    fc.assert(
      fc.property(policyArb, fc.array(chargeOp, { maxLength: 40 }), (policy, ops) => {
        const { state, history } = run(policy, ops);
        const maxLiability = maxLiabilityOf(issuedPolicy(state));
        for (const year of YEARS) {
          const uncapped = charges(history)
            .filter((c) => c.policyYear === year)
            .reduce((sum, c) => sum + c.indemnityBeforeCap, 0);
          expect(indemnitiesChargedIn(state, year)).toBe(Math.min(maxLiability, uncapped));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the state is plain JSON: a JSON round-trip folds on to the same state', () => {
    fc.assert(
      fc.property(policyArb, fc.array(fc.oneof(chargeOp, releaseOp), { maxLength: 20 }), (policy, ops) => {
        const { state } = run(policy, ops);
        expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      }),
      { numRuns: 100 },
    );
  });
});
