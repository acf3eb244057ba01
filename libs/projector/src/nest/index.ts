export * from './projections-admin.controller';
export * from './read-side';
export * from './view-query';
