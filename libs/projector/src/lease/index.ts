export * from './lease.port';
export * from './lease-keeper';
export * from './leased-work';
export { SqliteLeaseStore, type SqliteLeaseStoreOptions } from './sqlite-lease-store';
export { MongoLeaseStore, type MongoLeaseStoreOptions } from './mongo-lease-store';
