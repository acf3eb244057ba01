import { Module } from '@nestjs/common';
import { ActivateOptionController } from './activate-option/activate-option.controller';
import { ActivateOptionHandler } from './activate-option/activate-option.handler';
import { DeclareTurnoverController } from './declare-turnover/declare-turnover.controller';
import { DeclareTurnoverHandler } from './declare-turnover/declare-turnover.handler';
import { GetPolicyController } from './get-policy/get-policy.controller';
import { GetPolicyHandler } from './get-policy/get-policy.handler';
import { IssuePolicyController } from './issue-policy/issue-policy.controller';
import { IssuePolicyHandler } from './issue-policy/issue-policy.handler';
import { PremiumFigures } from './loss-ratio/premium-figures';
import { PoliciesFacade } from './policies.facade';
import { PriceQuoteController } from './price-quote/price-quote.controller';
import { PriceQuoteHandler } from './price-quote/price-quote.handler';
import { SimulateScenariosController } from './simulate-scenarios/simulate-scenarios.controller';
import { SimulateScenariosHandler } from './simulate-scenarios/simulate-scenarios.handler';

/** Policies (four products, options, premium declarations, indemnity charges) and pricing. */
@Module({
  controllers: [PriceQuoteController, SimulateScenariosController, IssuePolicyController, GetPolicyController, ActivateOptionController, DeclareTurnoverController],
  providers: [PoliciesFacade, PremiumFigures, PriceQuoteHandler, SimulateScenariosHandler, IssuePolicyHandler, GetPolicyHandler, ActivateOptionHandler, DeclareTurnoverHandler],
  exports: [PoliciesFacade, PremiumFigures],
})
export class PoliciesModule {}
