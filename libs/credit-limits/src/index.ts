export { CreditLimitsModule } from './application/credit-limits.module';
export { CreditLimitsFacade } from './application/credit-limits.facade';
export type { ReceivableExposure, ReservationRequest } from './application/credit-limits.facade';
export { ExposureFigures } from './application/exposure-dashboard/exposure-figures';
export type { ExposureRow } from './application/exposure-dashboard/exposure-figures';
