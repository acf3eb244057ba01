export * from './snapshot-store.port';
export * from './sqlite-snapshot-store';
