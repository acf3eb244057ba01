export { HISTORY_DAYS, MIN_DEBTORS, MIN_POLICIES, defaultCounts, planPortfolio } from './portfolio-plan';
export type { PlanOptions, PortfolioPlan } from './portfolio-plan';
export { StoreNotEmptyError, countBy, formatSeconds, seedPortfolio } from './seed-runner';
export type { SeedReport, SeedRunOptions } from './seed-runner';
export { seedDataDir } from './seed-app';
export type { SeedDataDirOptions } from './seed-app';
