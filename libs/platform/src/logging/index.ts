export * from './logger';
export * from './pino-logger.service';
