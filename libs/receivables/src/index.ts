export { ReceivablesModule } from './application/receivables.module';
export { ReceivableWorkflow } from './application/receivable-workflow';
export { ExposureReconciler } from './application/exposure-reconciler';
export type { ReconcileReport } from './application/exposure-reconciler';
