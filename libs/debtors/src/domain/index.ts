export * from './debtor-alerts';
export * from './debtor-identity.decider';
export * from './debtor.commands';
export * from './debtor.decider';
export * from './debtor.events';
