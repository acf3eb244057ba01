import { Module } from '@nestjs/common';
import { DebtorsModule } from '@tc/debtors';
import { PoliciesModule } from '@tc/policies';
import { RatingReductionsProcess } from '../processes/rating-reductions.process';
import { CreditLimitsFacade } from './credit-limits.facade';
import { ExposureDashboardController } from './exposure-dashboard/exposure-dashboard.controller';
import { ExposureFigures } from './exposure-dashboard/exposure-figures';
import { GetCreditLimitController } from './get-credit-limit/get-credit-limit.controller';
import { GetCreditLimitHandler } from './get-credit-limit/get-credit-limit.handler';
import { ReduceCreditLimitController } from './reduce-credit-limit/reduce-credit-limit.controller';
import { ReduceCreditLimitHandler } from './reduce-credit-limit/reduce-credit-limit.handler';
import { SetCreditLimitController } from './set-credit-limit/set-credit-limit.controller';
import { SetCreditLimitHandler } from './set-credit-limit/set-credit-limit.handler';
import { TopUpCreditLimitController } from './top-up-credit-limit/top-up-credit-limit.controller';
import { TopUpCreditLimitHandler } from './top-up-credit-limit/top-up-credit-limit.handler';

/** Named limits, reductions, top-ups and the exposure receivables reserve on them. */
@Module({
  imports: [PoliciesModule, DebtorsModule],
  controllers: [SetCreditLimitController, GetCreditLimitController, ReduceCreditLimitController, TopUpCreditLimitController, ExposureDashboardController],
  providers: [CreditLimitsFacade, ExposureFigures, RatingReductionsProcess, SetCreditLimitHandler, GetCreditLimitHandler, ReduceCreditLimitHandler, TopUpCreditLimitHandler],
  exports: [CreditLimitsFacade, ExposureFigures],
})
export class CreditLimitsModule {}
