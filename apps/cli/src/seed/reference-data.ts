import { SECTORS, Sector } from '@tc/kernel';

/**
 * What a generated portfolio is made of: where buyers sit, in which trades, with what
 * names, and how currencies move. Weights are rough shares of a European credit insurer's
 * book; they only need to look plausible.
 */

export interface CountryProfile {
  readonly code: string;
  readonly weight: number;
  /** The currency its buyers are usually invoiced in by a euro-area seller. */
  readonly currency: string;
  readonly legalForms: readonly string[];
  /** Outside the OECD core: a political-risk claim is plausible. */
  readonly political: boolean;
}

export const COUNTRIES: readonly CountryProfile[] = [
  { code: 'FR', weight: 16, currency: 'EUR', legalForms: ['SA', 'SAS', 'SARL'], political: false },
  { code: 'DE', weight: 16, currency: 'EUR', legalForms: ['GmbH', 'AG', 'GmbH & Co. KG'], political: false },
  { code: 'IT', weight: 9, currency: 'EUR', legalForms: ['S.p.A.', 'S.r.l.'], political: false },
  { code: 'ES', weight: 8, currency: 'EUR', legalForms: ['S.A.', 'S.L.'], political: false },
  { code: 'NL', weight: 6, currency: 'EUR', legalForms: ['B.V.', 'N.V.'], political: false },
  { code: 'BE', weight: 4, currency: 'EUR', legalForms: ['SA', 'BV'], political: false },
  { code: 'AT', weight: 3, currency: 'EUR', legalForms: ['GmbH', 'AG'], political: false },
  { code: 'PT', weight: 2, currency: 'EUR', legalForms: ['Lda.', 'S.A.'], political: false },
  { code: 'IE', weight: 1, currency: 'EUR', legalForms: ['Ltd', 'DAC'], political: false },
  { code: 'GB', weight: 7, currency: 'GBP', legalForms: ['Ltd', 'plc'], political: false },
  { code: 'CH', weight: 3, currency: 'CHF', legalForms: ['AG', 'SA', 'GmbH'], political: false },
  { code: 'PL', weight: 4, currency: 'EUR', legalForms: ['Sp. z o.o.', 'S.A.'], political: false },
  { code: 'CZ', weight: 2, currency: 'EUR', legalForms: ['s.r.o.', 'a.s.'], political: false },
  { code: 'SE', weight: 2, currency: 'EUR', legalForms: ['AB'], political: false },
  { code: 'DK', weight: 1, currency: 'EUR', legalForms: ['A/S', 'ApS'], political: false },
  { code: 'US', weight: 6, currency: 'USD', legalForms: ['Inc.', 'LLC', 'Corp.'], political: false },
  { code: 'CA', weight: 1, currency: 'USD', legalForms: ['Inc.', 'Ltd'], political: false },
  { code: 'CN', weight: 3, currency: 'USD', legalForms: ['Co., Ltd.'], political: true },
  { code: 'TR', weight: 2, currency: 'EUR', legalForms: ['A.Ş.', 'Ltd. Şti.'], political: true },
  { code: 'MA', weight: 1, currency: 'EUR', legalForms: ['SARL', 'SA'], political: true },
  { code: 'BR', weight: 1, currency: 'USD', legalForms: ['Ltda.', 'S.A.'], political: true },
  { code: 'IN', weight: 1, currency: 'USD', legalForms: ['Pvt. Ltd.', 'Ltd.'], political: true },
  { code: 'MX', weight: 1, currency: 'USD', legalForms: ['S.A. de C.V.'], political: true },
  { code: 'ZA', weight: 1, currency: 'USD', legalForms: ['(Pty) Ltd'], political: true },
  { code: 'AE', weight: 1, currency: 'USD', legalForms: ['LLC', 'FZE'], political: true },
  { code: 'EG', weight: 0.5, currency: 'USD', legalForms: ['S.A.E.'], political: true },
  { code: 'VN', weight: 0.5, currency: 'USD', legalForms: ['Co., Ltd.', 'JSC'], political: true },
];

/** Volatile trades weigh more in a credit book than their share of GDP; every code of DOMAIN.md appears. */
export const SECTOR_WEIGHTS: Readonly<Record<Sector, number>> = {
  agrifood: 10,
  automotive: 8,
  chemicals: 7,
  construction: 11,
  energy: 4,
  ict: 8,
  metals: 7,
  'paper-wood': 4,
  pharmaceuticals: 4,
  retail: 12,
  textile: 5,
  transport: 7,
  services: 9,
  other: 4,
};

export const SECTOR_LIST: readonly Sector[] = SECTORS;

/** Words a trade name is made of, by sector. */
export const SECTOR_WORDS: Readonly<Record<Sector, readonly string[]>> = {
  agrifood: ['Foods', 'Dairy', 'Milling', 'Agro', 'Fresh Produce', 'Bakeries'],
  automotive: ['Auto Parts', 'Motors', 'Components', 'Drivetrain', 'Mobility'],
  chemicals: ['Chemicals', 'Polymers', 'Coatings', 'Resins', 'Industrial Gases'],
  construction: ['Construction', 'Builders', 'Civil Works', 'Concrete', 'Roofing'],
  energy: ['Energy', 'Power', 'Renewables', 'Fuels', 'Grid Services'],
  ict: ['Systems', 'Software', 'Networks', 'Data', 'Electronics'],
  metals: ['Steel', 'Metals', 'Foundry', 'Aluminium', 'Wire Works'],
  'paper-wood': ['Paper', 'Packaging', 'Timber', 'Pulp', 'Boxes'],
  pharmaceuticals: ['Pharma', 'Labs', 'Healthcare', 'Biotech', 'Medical Supply'],
  retail: ['Retail', 'Stores', 'Distribution', 'Market', 'Wholesale'],
  textile: ['Textiles', 'Fashion', 'Fabrics', 'Apparel', 'Weaving'],
  transport: ['Logistics', 'Freight', 'Shipping', 'Haulage', 'Transport'],
  services: ['Services', 'Facility Management', 'Consulting', 'Cleaning', 'Staffing'],
  other: ['Trading', 'Holdings', 'Industries', 'Group', 'Enterprises'],
};

export const NAME_STEMS: readonly string[] = [
  'Alba', 'Norden', 'Vega', 'Castell', 'Rhein', 'Loire', 'Atlas', 'Borea', 'Cresta', 'Delta', 'Elbe', 'Fjord', 'Garonne', 'Helix',
  'Iberia', 'Jura', 'Kestrel', 'Lumen', 'Meridian', 'Nova', 'Orion', 'Pampa', 'Quarz', 'Riviera', 'Sierra', 'Tauern', 'Umbria',
  'Vistula', 'Weser', 'Zenith', 'Aurora', 'Baltic', 'Corvus', 'Danube', 'Etna', 'Fortis', 'Granit', 'Hansa', 'Istria', 'Kronos',
  'Ligure', 'Moravia', 'Nordic', 'Oder', 'Pyrene', 'Rhone', 'Savoy', 'Tagus', 'Ural', 'Valais', 'Alpen', 'Brenta', 'Cevennes',
  'Dolomit', 'Ebro', 'Flandre', 'Gironde', 'Harz', 'Isar', 'Lech', 'Main', 'Neckar', 'Oise', 'Piave', 'Ruhr', 'Saale', 'Ticino',
];

/** EUR per unit of each currency the generator invoices in (a plausible level; the walk moves around it). */
const EUR_PER_UNIT: Readonly<Record<string, number>> = { EUR: 1, USD: 0.92, GBP: 1.17, CHF: 1.05, PLN: 0.23 };

/**
 * Policy-currency units per unit of the receivable's currency on a day of the plan, 6 decimals
 * (API.md): a slow deterministic wave around the level, so rates differ from day to day.
 */
export function fxRateOn(from: string, to: string, day: number): number {
  const wave = (code: string, phase: number) => 1 + 0.035 * Math.sin(day / 47 + phase) + 0.01 * Math.sin(day / 5.3 + 2 * phase);
  const rate = (EUR_PER_UNIT[from] * wave(from, from.charCodeAt(0))) / (EUR_PER_UNIT[to] * wave(to, to.charCodeAt(0)));
  return Math.round(rate * 1e6) / 1e6;
}
