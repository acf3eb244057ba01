import { Module } from '@nestjs/common';
import { CreditLimitsModule } from '@tc/credit-limits';
import { DebtorsModule } from '@tc/debtors';
import { PoliciesModule } from '@tc/policies';
import { DebtorMonitoringProcess } from '../processes/debtor-monitoring.process';
import { DunningScheduler } from '../processes/dunning-scheduler';
import { AlertsController } from './alerts/alerts.controller';
import { ClaimsDashboardController } from './claims-dashboard/claims-dashboard.controller';
import { DecisionsDashboardController } from './decisions-dashboard/decisions-dashboard.controller';
import { ExposureReconciler } from './exposure-reconciler';
import { DecideClaimController } from './decide-claim/decide-claim.controller';
import { DecideClaimHandler } from './decide-claim/decide-claim.handler';
import { DecideCoverController } from './decide-cover/decide-cover.controller';
import { DecideCoverHandler } from './decide-cover/decide-cover.handler';
import { FileClaimController } from './file-claim/file-claim.controller';
import { FileClaimHandler } from './file-claim/file-claim.handler';
import { GetReceivableController, GetReceivableHandler } from './get-receivable/get-receivable.handler';
import { ListReceivablesController, ListReceivablesHandler } from './list-receivables/list-receivables.controller';
import { PortfolioDashboardController } from './portfolio-dashboard/portfolio-dashboard.controller';
import { ReceivableFigures } from './receivable-figures';
import { ReceivableStepHandler } from './receivable-step';
import { ReceivableWorkflow } from './receivable-workflow';
import { RecordDebtorPaymentController } from './record-debtor-payment/record-debtor-payment.controller';
import { RecordDebtorPaymentHandler } from './record-debtor-payment/record-debtor-payment.handler';
import { RecordShipmentController } from './record-shipment/record-shipment.controller';
import { RecordShipmentHandler } from './record-shipment/record-shipment.handler';
import { RegisterReceivableController } from './register-receivable/register-receivable.controller';
import { RegisterReceivableHandler } from './register-receivable/register-receivable.handler';
import { CloseReceivableController } from './steps/close-receivable';
import { DeclareOverdueController } from './steps/declare-overdue';
import { HandOverToCollectionController } from './steps/hand-over-to-collection';
import { OpenDisputeController } from './steps/open-dispute';
import { PayIndemnityController } from './steps/pay-indemnity';
import { RecordCollectionRecoveryController } from './steps/record-collection-recovery';
import { RecordPaymentController } from './steps/record-payment';
import { RecordRecoveryController } from './steps/record-recovery';
import { ResolveDisputeController } from './steps/resolve-dispute';

/** The receivable lifecycle: the six steps of one insured invoice. */
@Module({
  imports: [PoliciesModule, DebtorsModule, CreditLimitsModule],
  controllers: [
    AlertsController,
    RegisterReceivableController,
    GetReceivableController,
    DecideCoverController,
    RecordShipmentController,
    RecordPaymentController,
    OpenDisputeController,
    ResolveDisputeController,
    DeclareOverdueController,
    HandOverToCollectionController,
    RecordCollectionRecoveryController,
    FileClaimController,
    DecideClaimController,
    PayIndemnityController,
    RecordRecoveryController,
    CloseReceivableController,
    ListReceivablesController,
    RecordDebtorPaymentController,
    PortfolioDashboardController,
    ClaimsDashboardController,
    DecisionsDashboardController,
  ],
  providers: [
    ReceivableWorkflow,
    ExposureReconciler,
    DunningScheduler,
    DebtorMonitoringProcess,
    RegisterReceivableHandler,
    GetReceivableHandler,
    DecideCoverHandler,
    RecordShipmentHandler,
    ReceivableStepHandler,
    FileClaimHandler,
    DecideClaimHandler,
    ReceivableFigures,
    ListReceivablesHandler,
    RecordDebtorPaymentHandler,
  ],
  exports: [ReceivableWorkflow, ExposureReconciler, DunningScheduler],
})
export class ReceivablesModule {}
