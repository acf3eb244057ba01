export * from './credit-limit.commands';
export * from './credit-limit.decider';
export * from './credit-limit.events';
export * from './credit-limit.snapshot';
export * from './credit-limit.state';
