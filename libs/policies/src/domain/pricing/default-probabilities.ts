import { Sector } from '@tc/kernel';
import { deepFreeze } from './deep-freeze';
import { DecimalText } from './pricing-table';

export const SCENARIOS = ['NORMAL_CYCLE', 'SECTOR_SHOCK', 'EXPORT_EXPANSION'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export const isScenario = (value: unknown): value is Scenario => (SCENARIOS as readonly unknown[]).includes(value);

/** How a scenario moves the portfolio away from the normal cycle. */
export interface ScenarioAssumption {
  /** Multiply the commercial PD by the request sector's shock multiplier. */
  readonly sectorShock: boolean;
  /** Added to the portfolio's export share (capped at 1). */
  readonly exportShareIncrease: DecimalText;
  /** On the commercial PD of export debtors only: new markets, less known buyers. */
  readonly exportDefaultMultiplier: DecimalText;
  /** On the political event probability of export debtors. */
  readonly politicalMultiplier: DecimalText;
}

/**
 * The loss model behind scenario simulation (docs/pricing-model.md). These are modelling
 * assumptions chosen to compare deductible and option choices with each other, not
 * calibrated actuarial parameters: change them here, with a new version, not in code.
 */
export interface DefaultProbabilityModel {
  readonly version: string;
  /** Annual probability of default by grade, index = grade (0 = in default … 10 = best). */
  readonly defaultProbabilityByGrade: readonly DecimalText[];
  /** How much more (or less) often a sector's buyers default than the average. */
  readonly sectorDefaultMultipliers: Readonly<Record<Sector, DecimalText>>;
  /** SECTOR_SHOCK: a downturn in the request's sector, hardest on the volatile ones. */
  readonly sectorShockMultipliers: Readonly<Record<Sector, DecimalText>>;
  /** Share of the amount outstanding at default that is never recovered. */
  readonly lossGivenDefault: DecimalText;
  /** Annual probability of a political event (embargo, expropriation, non-convertibility) on an export debtor. */
  readonly politicalEventProbability: DecimalText;
  readonly politicalLossGivenEvent: DecimalText;
  /** Average credit term: the amount at risk at any time is turnover × days ÷ 365. */
  readonly exposureDays: number;
  /** Default average claim size: a share of turnover, kept within EUR bounds. */
  readonly averageClaimSize: { readonly turnoverShare: DecimalText; readonly minEur: DecimalText; readonly maxEur: DecimalText };
  /** Default excess-of-loss aggregate first loss, as a share of insurable turnover. */
  readonly aggregateFirstLossTurnoverShare: DecimalText;
  /** Policy defaults (DOMAIN.md) used when the request does not give them. */
  readonly defaultInsuredPercentage: number;
  readonly defaultMaxLiabilityMultiple: number;
  readonly scenarios: Readonly<Record<Scenario, ScenarioAssumption>>;
}

export const DEFAULT_PROBABILITY_MODEL: DefaultProbabilityModel = deepFreeze({
  version: 'pd-2026.1',
  defaultProbabilityByGrade: ['1', '0.25', '0.12', '0.06', '0.025', '0.01', '0.005', '0.0025', '0.0012', '0.0006', '0.0003'],
  sectorDefaultMultipliers: {
    pharmaceuticals: '0.70',
    ict: '0.80',
    chemicals: '0.90',
    energy: '0.90',
    services: '0.95',
    agrifood: '1.00',
    other: '1.00',
    'paper-wood': '1.10',
    transport: '1.15',
    automotive: '1.20',
    metals: '1.20',
    retail: '1.30',
    textile: '1.50',
    construction: '1.60',
  },
  sectorShockMultipliers: {
    pharmaceuticals: '1.20',
    ict: '1.30',
    agrifood: '1.40',
    energy: '1.40',
    services: '1.40',
    chemicals: '1.50',
    other: '1.50',
    'paper-wood': '1.60',
    transport: '1.70',
    retail: '1.80',
    metals: '1.90',
    automotive: '2.00',
    textile: '2.20',
    construction: '2.50',
  },
  lossGivenDefault: '0.85',
  politicalEventProbability: '0.002',
  politicalLossGivenEvent: '0.90',
  exposureDays: 60,
  averageClaimSize: { turnoverShare: '0.002', minEur: '10000', maxEur: '250000' },
  aggregateFirstLossTurnoverShare: '0.001',
  defaultInsuredPercentage: 90,
  defaultMaxLiabilityMultiple: 30,
  scenarios: {
    NORMAL_CYCLE: { sectorShock: false, exportShareIncrease: '0', exportDefaultMultiplier: '1', politicalMultiplier: '1' },
    SECTOR_SHOCK: { sectorShock: true, exportShareIncrease: '0', exportDefaultMultiplier: '1', politicalMultiplier: '1' },
    EXPORT_EXPANSION: { sectorShock: false, exportShareIncrease: '0.20', exportDefaultMultiplier: '1.50', politicalMultiplier: '2' },
  },
});
