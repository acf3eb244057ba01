/** The one sector vocabulary used by debtors, pricing and dashboards (DOMAIN.md). */
export const SECTORS = [
  'agrifood',
  'automotive',
  'chemicals',
  'construction',
  'energy',
  'ict',
  'metals',
  'paper-wood',
  'pharmaceuticals',
  'retail',
  'textile',
  'transport',
  'services',
  'other',
] as const;

export type Sector = (typeof SECTORS)[number];

export const isSector = (value: unknown): value is Sector => (SECTORS as readonly unknown[]).includes(value);
