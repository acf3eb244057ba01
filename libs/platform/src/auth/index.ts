export * from './auth.decorators';
export * from './auth.guard';
export * from './jwt';
export * from './policy-access';
export * from './roles';
