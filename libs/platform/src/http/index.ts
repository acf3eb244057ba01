export * from './bootstrap';
export * from './command-body';
export * from './correlation-id';
export * from './problem-details';
export * from './problem-details.filter';
export * from './request-context';
export * from './validation';
export * from './validation-errors';
