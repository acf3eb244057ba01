export { PoliciesModule } from './application/policies.module';
export { PoliciesFacade } from './application/policies.facade';
export type { IndemnityCharge, IssuedPolicy, PolicyEvent, PolicyOption, PolicyTerms } from './domain';
