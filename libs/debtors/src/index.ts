export { DebtorsModule } from './application/debtors.module';
export { DebtorsFacade } from './application/debtors.facade';
export type { DebtorFacts } from './application/debtors.facade';
export { DEBTOR_EVENT_TYPES } from './domain/debtor.events';
export type { DebtorEvent, DebtorInsolvencyDeclared, DebtorRated, DebtorRegistered } from './domain/debtor.events';
export type { DebtorView } from './application/get-debtor/debtor.view';
