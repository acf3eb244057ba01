import fc from 'fast-check';
import { DomainError, SECTORS } from '@tc/kernel';
import { ExactRational } from './exact-rational';
import { roundSplit, splitExpectedLoss } from './expected-loss';
import { POLICY_OPTIONS, PolicyOption } from './pricing-table';
import { priceQuote } from './quote';
import { ScenarioRequest } from './scenario-request';
import { ScenarioCell, ScenarioSimulation, simulateScenarios } from './scenarios';

const EUR = (euros: number) => Math.round(euros * 100);

const request: ScenarioRequest = {
  sector: 'construction',
  insurableTurnover: EUR(10_000_000),
  currency: 'EUR',
  lossRatio5y: 0.45,
  deductible: 0,
  options: [],
  scenarios: ['NORMAL_CYCLE', 'SECTOR_SHOCK', 'EXPORT_EXPANSION'],
  deductibles: [0, EUR(1_000), EUR(5_000)],
  optionSets: [[], ['POLITICAL_RISK'], ['EXCESS_OF_LOSS']],
  averageGrade: 5,
  exportShare: 0.2,
};

const outcomeOf = (simulation: ScenarioSimulation, scenario: string) => simulation.scenarios.find((s) => s.scenario === scenario)!;
const cellOf = (simulation: ScenarioSimulation, scenario: string, deductible: number, options: PolicyOption[]) =>
  outcomeOf(simulation, scenario).cells.find((c) => c.deductible === deductible && c.options.join() === options.join())!;
const retainedTotal = (cell: ScenarioCell) => Object.values(cell.retained).reduce((a, b) => a + b, 0);

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('Scenario simulation compares premium and expected loss for deductible and option choices', () => {
  const simulation = simulateScenarios(request);

  it('says it is a model, and which table and model versions it used', () => {
    expect(simulation.notice).toMatch(/model .* not an actuarial price/);
    expect(simulation).toMatchObject({ tableVersion: '2026.1', modelVersion: 'pd-2026.1', currency: 'EUR' });
  });

  it('gives one cell per scenario × deductible × option set, in the order asked', () => {
    expect(simulation.scenarios.map((s) => s.scenario)).toEqual(['NORMAL_CYCLE', 'SECTOR_SHOCK', 'EXPORT_EXPANSION']);
    expect(simulation.scenarios.every((s) => s.cells.length === 9)).toBe(true);
    expect(simulation.scenarios[0]!.cells.slice(0, 3).map((c) => c.options)).toEqual([[], ['POLITICAL_RISK'], ['EXCESS_OF_LOSS']]);
  });

  it('is deterministic: the same input gives a deep-equal output', () => {
    expect(simulateScenarios(structuredClone(request))).toEqual(simulation);
  });

  it('takes each premium from the quote of its deductible and options', () => {
    const cell = cellOf(simulation, 'SECTOR_SHOCK', EUR(1_000), ['POLITICAL_RISK']);
    expect(cell.premium).toBe(priceQuote({ ...request, deductible: EUR(1_000), options: ['POLITICAL_RISK'] }).premium);
  });

  it('splits the expected loss between the insurer and the insured, and net cost = premium + retained loss', () => {
    for (const cell of simulation.scenarios.flatMap((s) => s.cells)) {
      expect(cell.expectedIndemnity + cell.expectedRetainedLoss).toBe(cell.expectedLoss);
      expect(retainedTotal(cell)).toBe(cell.expectedRetainedLoss);
      expect(cell.netCost).toBe(cell.premium + cell.expectedRetainedLoss);
    }
  });

  it('models the normal cycle from the grade and sector tables: 10 M EUR turnover, 60 days at risk, PD 1 % × 1.6, LGD 85 %', () => {
    const normal = outcomeOf(simulation, 'NORMAL_CYCLE');
    const cell = cellOf(simulation, 'NORMAL_CYCLE', 0, ['POLITICAL_RISK']);

    expect(normal.domesticDefaultProbability).toBe(0.016);
    // 10,000,000 × 60/365 × (0.016 × 0.85 + 0.2 × 0.002 × 0.90) = 22,947.945…
    expect(cell.expectedLoss).toBe(2_294_795);
    expect(cell.expectedIndemnity).toBe(Math.round(2_294_794.52 * 0.9));
  });

  it('SECTOR_SHOCK expects at least the loss of NORMAL_CYCLE, in every cell', () => {
    const normal = outcomeOf(simulation, 'NORMAL_CYCLE').cells;
    outcomeOf(simulation, 'SECTOR_SHOCK').cells.forEach((cell, i) => expect(cell.expectedLoss).toBeGreaterThanOrEqual(normal[i]!.expectedLoss));
    // construction: PD 1 % × 1.6 × shock 2.5
    expect(outcomeOf(simulation, 'SECTOR_SHOCK').domesticDefaultProbability).toBe(0.04);
  });

  it('SECTOR_SHOCK hits a volatile sector harder than a stable one', () => {
    const shockRatio = (sector: ScenarioRequest['sector']) => {
      const s = simulateScenarios({ ...request, sector, exportShare: 0 });
      return outcomeOf(s, 'SECTOR_SHOCK').cells[0]!.expectedLoss / outcomeOf(s, 'NORMAL_CYCLE').cells[0]!.expectedLoss;
    };
    expect(shockRatio('construction')).toBeGreaterThan(shockRatio('ict'));
  });

  it('EXPORT_EXPANSION raises the export share and the default probability of export debtors', () => {
    const expansion = outcomeOf(simulation, 'EXPORT_EXPANSION');
    expect(expansion.exportShare).toBe(0.4);
    expect(expansion.exportDefaultProbability).toBeGreaterThan(expansion.domesticDefaultProbability);
    expect(expansion.cells[0]!.expectedLoss).toBeGreaterThan(outcomeOf(simulation, 'NORMAL_CYCLE').cells[0]!.expectedLoss);
  });

  it('given export debtors under EXPORT_EXPANSION, political risk cover lowers the retained loss; without it political losses stay with the insured', () => {
    const without = cellOf(simulation, 'EXPORT_EXPANSION', EUR(1_000), []);
    const withPolitical = cellOf(simulation, 'EXPORT_EXPANSION', EUR(1_000), ['POLITICAL_RISK']);

    expect(without.retained.uncoveredPolitical).toBeGreaterThan(0);
    expect(withPolitical.retained.uncoveredPolitical).toBe(0);
    expect(withPolitical.expectedRetainedLoss).toBeLessThan(without.expectedRetainedLoss);
  });

  it('given excess of loss, the insured bears the aggregate first loss (0.1 % of turnover by default)', () => {
    const cell = cellOf(simulation, 'NORMAL_CYCLE', 0, ['EXCESS_OF_LOSS']);
    expect(simulation.assumptions.aggregateFirstLoss).toBe(EUR(10_000));
    expect(cell.retained.firstLoss).toBe(EUR(10_000));
    expect(cellOf(simulation, 'NORMAL_CYCLE', 0, []).retained.firstLoss).toBe(0);
  });

  it('a larger deductible moves loss from the insurer to the insured and lowers the premium', () => {
    const [none, thousand, fiveThousand] = [0, EUR(1_000), EUR(5_000)].map((d) => cellOf(simulation, 'NORMAL_CYCLE', d, []));
    expect(thousand!.retained.deductibles).toBeGreaterThan(none!.retained.deductibles);
    expect(fiveThousand!.retained.deductibles).toBeGreaterThan(thousand!.retained.deductibles);
    expect(fiveThousand!.premium).toBeLessThan(none!.premium);
  });

  it('marks the cheapest net cost of each scenario, once', () => {
    for (const outcome of simulation.scenarios) {
      const marked = outcome.cells.filter((c) => c.cheapest);
      expect(marked).toHaveLength(1);
      expect(marked[0]!.netCost).toBe(Math.min(...outcome.cells.map((c) => c.netCost)));
    }
  });

  it('compares the request itself, under all three scenarios, when no choices are given', () => {
    const plain = simulateScenarios({ ...request, scenarios: undefined, deductibles: undefined, optionSets: undefined, deductible: EUR(1_000), options: ['PRE_SHIPMENT'] });
    expect(plain.scenarios.map((s) => s.scenario)).toEqual(['NORMAL_CYCLE', 'SECTOR_SHOCK', 'EXPORT_EXPANSION']);
    expect(plain.scenarios[0]!.cells.map((c) => [c.deductible, c.options])).toEqual([[EUR(1_000), ['PRE_SHIPMENT']]]);
    expect(plain.assumptions).toMatchObject({ averageGrade: 5, insuredPercentage: 90, maxLiabilityMultiple: 30 });
  });

  it('works in the request currency: a USD request gives USD amounts', () => {
    const inUsd = simulateScenarios({ ...request, currency: 'USD', fxRateToEur: 0.92 });
    expect(inUsd.currency).toBe('USD');
    // the default average claim size, 0.2 % of 9.2 M EUR = 18,400 EUR, is 20,000 USD
    expect(inUsd.assumptions.averageClaimSize).toBe(EUR(20_000));
  });
});

describe('The indemnity rule applied to expected losses (DOMAIN.md "Money and the indemnity")', () => {
  const terms = { options: [] as PolicyOption[], deductible: EUR(1_000), insuredPercentage: 90, aggregateFirstLoss: 0, averageClaimSize: EUR(45_000), maximumLiability: EUR(360_000) };
  const commercial = (euros: number) => ({ commercial: ExactRational.of(EUR(euros)), political: ExactRational.ZERO });

  it('given one claim of 45,000.00 at 90 % with a 1,000.00 deductible, then the indemnity is 39,500.00 as in the worked example', () => {
    expect(roundSplit(splitExpectedLoss(commercial(45_000), terms))).toEqual({
      indemnity: EUR(39_500),
      uninsuredShare: EUR(4_500),
      deductibles: EUR(1_000),
      firstLoss: 0,
      uncoveredPolitical: 0,
      beyondMaximumLiability: 0,
    });
  });

  it('never pays below 0: a deductible over the insured share of the average claim takes it all', () => {
    const split = roundSplit(splitExpectedLoss(commercial(45_000), { ...terms, deductible: EUR(50_000) }));
    expect(split.indemnity).toBe(0);
    expect(split.deductibles).toBe(EUR(40_500));
  });

  it('caps the indemnity at the maximum liability and leaves the rest with the insured', () => {
    const split = roundSplit(splitExpectedLoss(commercial(45_000), { ...terms, maximumLiability: EUR(30_000) }));
    expect(split.indemnity).toBe(EUR(30_000));
    expect(split.beyondMaximumLiability).toBe(EUR(9_500));
  });

  it('takes the aggregate first loss before the insured percentage and the deductible', () => {
    const split = roundSplit(splitExpectedLoss(commercial(45_000), { ...terms, options: ['EXCESS_OF_LOSS'], aggregateFirstLoss: EUR(9_000) }));
    expect(split.firstLoss).toBe(EUR(9_000));
    expect(split.indemnity).toBe(EUR(31_600)); // 36,000 × (0.9 − 1,000/45,000)
  });

  it('rounds the parts so that they still add up to the rounded total', () => {
    const thirds = { commercial: ExactRational.fraction(100n, 3n), political: ExactRational.fraction(100n, 3n) };
    const split = roundSplit(splitExpectedLoss(thirds, { ...terms, deductible: 1, averageClaimSize: 7 }));
    expect(Object.values(split).reduce((a, b) => a + b, 0)).toBe(67);
    expect(Object.values(split).every((v) => v >= 0)).toBe(true);
  });
});

describe('For any valid scenario request', () => {
  const anyScenarioRequest: fc.Arbitrary<ScenarioRequest> = fc.record({
    sector: fc.constantFrom(...SECTORS),
    insurableTurnover: fc.integer({ min: 0, max: 2_000_000_000 }).map((n) => n * 50),
    currency: fc.constant('EUR'),
    lossRatio5y: fc.double({ min: 0, max: 3, noNaN: true }),
    deductible: fc.constant(0),
    options: fc.constant([]),
    deductibles: fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 4 }),
    optionSets: fc.array(fc.subarray([...POLICY_OPTIONS]), { minLength: 1, maxLength: 4 }),
    averageGrade: fc.integer({ min: 0, max: 100 }).map((g) => g / 10),
    exportShare: fc.integer({ min: 0, max: 100 }).map((s) => s / 100),
    insuredPercentage: fc.integer({ min: 1, max: 100 }),
  });

  it('the parts add up, nothing is negative, SECTOR_SHOCK is never below NORMAL_CYCLE, and one cell per scenario is the cheapest', () => {
    fc.assert(
      fc.property(anyScenarioRequest, (r) => {
        const simulation = simulateScenarios(r);
        for (const outcome of simulation.scenarios) {
          expect(outcome.cells.filter((c) => c.cheapest)).toHaveLength(1);
          for (const cell of outcome.cells) {
            expect(cell.expectedIndemnity + retainedTotal(cell)).toBe(cell.expectedLoss);
            expect([cell.expectedIndemnity, ...Object.values(cell.retained)].every((v) => Number.isSafeInteger(v) && v >= 0)).toBe(true);
            expect(cell.netCost).toBe(cell.premium + cell.expectedRetainedLoss);
          }
        }
        const normal = outcomeOf(simulation, 'NORMAL_CYCLE').cells;
        outcomeOf(simulation, 'SECTOR_SHOCK').cells.forEach((cell, i) => expect(cell.expectedLoss).toBeGreaterThanOrEqual(normal[i]!.expectedLoss));
      }),
      { numRuns: 150 },
    );
  });
});

describe('A scenario request is checked in the domain', () => {
  it.each<[string, Partial<ScenarioRequest>, string]>([
    ['an unknown scenario', { scenarios: ['RECESSION' as never] }, 'UNKNOWN_SCENARIO'],
    ['a grade above 10', { averageGrade: 11 }, 'INVALID_AVERAGE_GRADE'],
    ['a negative grade', { averageGrade: -1 }, 'INVALID_AVERAGE_GRADE'],
    ['an export share above 1', { exportShare: 1.2 }, 'INVALID_EXPORT_SHARE'],
    ['a negative deductible among the choices', { deductibles: [0, -1] }, 'INVALID_DEDUCTIBLE'],
    ['an unknown option in a set', { optionSets: [['TERRORISM' as never]] }, 'UNKNOWN_OPTION'],
    ['an insured percentage of 0', { insuredPercentage: 0 }, 'INVALID_INSURED_PERCENTAGE'],
    ['an insured percentage with decimals', { insuredPercentage: 87.5 }, 'INVALID_INSURED_PERCENTAGE'],
    ['a zero average claim size', { averageClaimSize: 0 }, 'INVALID_AVERAGE_CLAIM_SIZE'],
    ['a negative aggregate first loss', { aggregateFirstLoss: -5 }, 'INVALID_AGGREGATE_FIRST_LOSS'],
    ['a negative turnover', { insurableTurnover: -1 }, 'INVALID_TURNOVER'],
  ])('refuses %s', (_, change, code) => {
    expect(refusal(() => simulateScenarios({ ...request, ...change })).code).toBe(code);
  });
});
