import { Module } from '@nestjs/common';
import { DebtorsFacade } from './debtors.facade';
import { DeclareInsolvencyController } from './declare-insolvency/declare-insolvency.controller';
import { DeclareInsolvencyHandler } from './declare-insolvency/declare-insolvency.handler';
import { GetDebtorController } from './get-debtor/get-debtor.controller';
import { GetDebtorHandler } from './get-debtor/get-debtor.handler';
import { RecordRatingController } from './record-rating/record-rating.controller';
import { RecordRatingHandler } from './record-rating/record-rating.handler';
import { RegisterDebtorController } from './register-debtor/register-debtor.controller';
import { RegisterDebtorHandler } from './register-debtor/register-debtor.handler';

/** The debtor context: identity (unique legal id + country), ratings and insolvency. */
@Module({
  controllers: [RegisterDebtorController, GetDebtorController, RecordRatingController, DeclareInsolvencyController],
  providers: [DebtorsFacade, RegisterDebtorHandler, GetDebtorHandler, RecordRatingHandler, DeclareInsolvencyHandler],
  exports: [DebtorsFacade],
})
export class DebtorsModule {}
