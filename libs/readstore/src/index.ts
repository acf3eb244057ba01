export * from './readstore.port';
export { sortablePosition } from './positions';
export { generationName, sameDefinition, validateDefinition, valueAt } from './view-definition';
export * from './sqlite/sqlite-read-store';
export * from './mongo/mongo-read-store';
