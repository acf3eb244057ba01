export { PoliciesModule } from './application/policies.module';
export { PoliciesFacade } from './application/policies.facade';
export type { IssuedPolicy, PolicyTerms, PolicyEvent } from './domain';
