export * from './eventstore.port';
export * from './canonical-json';
export * from './hash-chain';
export * from './upcasters';
export * from './sqlite/sqlite-event-store';
export * from './snapshots';
export * from './esdb';
