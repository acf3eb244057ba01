import { DomainError, Sector } from '@tc/kernel';
import { deepFreeze } from './deep-freeze';

/** The options a policy can carry (DOMAIN.md "Policies and products"); each has a rate loading. */
export const POLICY_OPTIONS = ['POLITICAL_RISK', 'PRE_SHIPMENT', 'EXCESS_OF_LOSS'] as const;
export type PolicyOption = (typeof POLICY_OPTIONS)[number];
export const isPolicyOption = (value: unknown): value is PolicyOption => (POLICY_OPTIONS as readonly unknown[]).includes(value);

/** An exact decimal written as text ("0.85"), so no factor is ever a binary float. */
export type DecimalText = string;

/** A step of a banded factor: applies from `from` (inclusive) up to the next band's `from`. */
export interface FactorBand {
  readonly from: DecimalText;
  readonly factor: DecimalText;
}

/**
 * One version of the premium tables (DOMAIN.md "Premium"). A version never changes once
 * published: a quote records it, and recomputing from it must give the same premium.
 * Amounts in the table are in whole euros; rates and factors are fractions.
 */
export interface PricingTable {
  readonly version: string;
  readonly sectorBaseRates: Readonly<Record<Sector, DecimalText>>;
  /** On insurable turnover in EUR: a larger insured base pools better, so lowers the rate. */
  readonly volumeBands: readonly FactorBand[];
  /** On the 5-year loss ratio (indemnities ÷ premiums, a fraction). */
  readonly lossRatioBands: readonly FactorBand[];
  /** On the deductible per claim in EUR. */
  readonly deductibleBands: readonly FactorBand[];
  /** Added to the rate after the factors; negative lowers it. */
  readonly optionLoadings: Readonly<Record<PolicyOption, DecimalText>>;
  readonly minimumPremiumEur: DecimalText;
  readonly rateBounds: { readonly min: DecimalText; readonly max: DecimalText };
}

const TABLE_2026_1: PricingTable = {
  version: '2026.1',
  sectorBaseRates: {
    ict: '0.0018',
    pharmaceuticals: '0.0018',
    chemicals: '0.0024',
    energy: '0.0024',
    services: '0.0026',
    agrifood: '0.0028',
    'paper-wood': '0.0030',
    other: '0.0030',
    transport: '0.0032',
    automotive: '0.0034',
    metals: '0.0034',
    retail: '0.0036',
    textile: '0.0045',
    construction: '0.0048',
  },
  volumeBands: [
    { from: '0', factor: '1.25' },
    { from: '1000000', factor: '1.10' },
    { from: '5000000', factor: '1.00' },
    { from: '20000000', factor: '0.90' },
    { from: '100000000', factor: '0.80' },
    { from: '500000000', factor: '0.70' },
  ],
  lossRatioBands: [
    { from: '0', factor: '0.90' },
    { from: '0.30', factor: '1.00' },
    { from: '0.60', factor: '1.15' },
    { from: '0.80', factor: '1.35' },
    { from: '1.00', factor: '1.60' },
  ],
  deductibleBands: [
    { from: '0', factor: '1.00' },
    { from: '1000', factor: '0.85' },
    { from: '2500', factor: '0.80' },
    { from: '5000', factor: '0.75' },
    { from: '10000', factor: '0.70' },
    { from: '25000', factor: '0.65' },
  ],
  optionLoadings: {
    POLITICAL_RISK: '0.0005',
    PRE_SHIPMENT: '0.0003',
    // The insured bears an annual aggregate first loss, so the insurer asks less.
    EXCESS_OF_LOSS: '-0.0006',
  },
  minimumPremiumEur: '1500',
  rateBounds: { min: '0.001', max: '0.01' },
};

/** Every published table by version; a recorded quote finds its table here. */
export const PRICING_TABLES: Readonly<Record<string, PricingTable>> = deepFreeze({ [TABLE_2026_1.version]: TABLE_2026_1 });

export const CURRENT_PRICING_TABLE: PricingTable = TABLE_2026_1;

/** The table a quote was priced with; an unknown version cannot be reproduced. */
export function pricingTableOf(version: string): PricingTable {
  const table = Object.prototype.hasOwnProperty.call(PRICING_TABLES, version) ? PRICING_TABLES[version] : undefined;
  if (!table) throw new DomainError('UNKNOWN_PRICING_TABLE', `no pricing table version ${version}`, { version });
  return table;
}
