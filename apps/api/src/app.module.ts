import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@tc/audit';
import { CreditLimitsModule } from '@tc/credit-limits';
import { DebtorsModule } from '@tc/debtors';
import { PoliciesModule } from '@tc/policies';
import { ReceivablesModule } from '@tc/receivables';
import { AppConfig, CommandPipelineModule, EtagInterceptor, Logger, PlatformModule } from '@tc/platform';
import { ProjectionsAdminController } from '@tc/projector';
import { StoresModule, StoresOptions } from './stores.module';

/** The HTTP composition root: platform, stores, the command pipeline and every context. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, stores: StoresOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config, { logger }), StoresModule.forRoot(stores), CqrsModule.forRoot(), CommandPipelineModule, DebtorsModule, PoliciesModule, CreditLimitsModule, ReceivablesModule, AuditModule],
      controllers: [ProjectionsAdminController],
      providers: [{ provide: APP_INTERCEPTOR, useClass: EtagInterceptor }],
    };
  }
}
