export { ReceivablesModule } from './application/receivables.module';
export { ReceivableWorkflow } from './application/receivable-workflow';
export { ExposureReconciler, RECONCILER_CHECKPOINT } from './application/exposure-reconciler';
export type { ReconcileReport } from './application/exposure-reconciler';
// The receivable's own fold and view, for the audit context's replay: a replay never re-implements a rule.
export { receivableDecider, receivableStream, receivableView } from './domain';
export type { ReceivableEvent, ReceivableState, ReceivableView } from './domain';
export { DunningScheduler } from './processes/dunning-scheduler';
export type { TickReport } from './processes/dunning-scheduler';
