export * from './clock-listeners';
export * from './clock.controller';
