export { PoliciesModule } from './application/policies.module';
export { PoliciesFacade } from './application/policies.facade';
export { PremiumFigures } from './application/loss-ratio/premium-figures';
export type { LossRatio, LossRatioRow } from './application/loss-ratio/premium-figures';
export type { IndemnityCharge, IssuedPolicy, PolicyEvent, PolicyOption, PolicyTerms } from './domain';
