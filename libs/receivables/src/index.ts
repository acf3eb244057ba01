export { ReceivablesModule } from './application/receivables.module';
export { ReceivableWorkflow } from './application/receivable-workflow';
