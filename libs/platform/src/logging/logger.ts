import pino, { DestinationStream, Logger } from 'pino';
import { LogLevel } from '../config/app-config';

export const LOGGER = Symbol('Logger');
export type { Logger } from 'pino';

/** JSON lines on stdout (or `destination`), ISO timestamps and level names, ready for a log shipper. */
export function createLogger(options: { readonly logLevel: LogLevel }, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
