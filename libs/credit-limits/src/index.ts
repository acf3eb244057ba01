export { CreditLimitsModule } from './application/credit-limits.module';
export { CreditLimitsFacade } from './application/credit-limits.facade';
