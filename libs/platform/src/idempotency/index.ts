export * from './idempotency.interceptor';
export * from './idempotency.port';
export * from './sqlite-idempotency.store';
