import { resolve } from 'node:path';
import { parseInstant } from '@tc/kernel';
import { AppConfig, ClockMode, ConfigError, LOG_LEVELS, RUN_BACKGROUND_VALUES } from './app-config';
import { MIN_SECRET_LENGTH, readOrCreateSecretFile } from './jwt-secret-file';

const EVENTSTORE_SCHEMES = ['esdb://', 'esdb+discover://', 'kurrentdb://'];
const MONGODB_SCHEMES = ['mongodb://', 'mongodb+srv://'];

/**
 * Validates the whole environment and reports every problem in one ConfigError. Values
 * that may hold credentials (secret, URLs) are never echoed back in messages.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  // An empty assignment (`PORT=` in an env file) means "use the default".
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const port = parsePort(read('PORT'), problems);
  const host = read('HOST') ?? '127.0.0.1';
  const dataDir = resolve(read('DATA_DIR') ?? './data');
  const eventStoreUrl = parseUrl('EVENTSTORE_URL', read('EVENTSTORE_URL'), EVENTSTORE_SCHEMES, problems);
  const mongodbUrl = parseUrl('MONGODB_URL', read('MONGODB_URL'), MONGODB_SCHEMES, problems);
  const logLevel = parseOneOf('LOG_LEVEL', read('LOG_LEVEL'), LOG_LEVELS, 'info', problems);
  const clock = parseOneOf<ClockMode>('CLOCK', read('CLOCK'), ['system', 'manual'], 'system', problems);
  const clockStart = parseClockStart(read('CLOCK_START'), clock, problems);
  const background = parseOneOf('RUN_BACKGROUND', read('RUN_BACKGROUND'), RUN_BACKGROUND_VALUES, 'auto', problems);

  const givenSecret = env.JWT_SECRET === '' ? undefined : env.JWT_SECRET;
  if (givenSecret !== undefined && givenSecret.length < MIN_SECRET_LENGTH) {
    problems.push(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (it has ${givenSecret.length})`);
  }
  if (givenSecret === undefined && eventStoreUrl !== undefined) {
    problems.push('JWT_SECRET is required with EVENTSTORE_URL: replicas must share one secret, so none is generated');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const secretFile = givenSecret === undefined ? readOrCreateSecretFile(dataDir) : undefined;
  return Object.freeze({
    port,
    host,
    dataDir,
    jwtSecret: givenSecret ?? secretFile!.secret,
    jwtSecretGenerated: secretFile?.generated ?? false,
    ...(secretFile && { jwtSecretFile: secretFile.file }),
    ...(eventStoreUrl !== undefined && { eventStoreUrl }),
    ...(mongodbUrl !== undefined && { mongodbUrl }),
    logLevel,
    clock,
    clockStart,
    runBackground: background === 'auto' ? eventStoreUrl === undefined && mongodbUrl === undefined : background === 'true',
  });
}

function parsePort(value: string | undefined, problems: string[]): number {
  if (value === undefined) return 3000;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65535)) problems.push(`PORT must be an integer from 0 to 65535 (got "${value}")`);
  return port;
}

function parseUrl(name: string, value: string | undefined, schemes: readonly string[], problems: string[]): string | undefined {
  if (value !== undefined && !schemes.some((scheme) => value.startsWith(scheme))) {
    problems.push(`${name} must start with ${schemes.join(' or ')}`);
  }
  return value;
}

function parseOneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T, problems: string[]): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function parseClockStart(value: string | undefined, clock: ClockMode, problems: string[]): Date {
  if (value === undefined) return new Date();
  // Refused rather than ignored: a start date with a real-time clock is a forgotten CLOCK=manual.
  if (clock !== 'manual') problems.push('CLOCK_START is only used with CLOCK=manual');
  const start = parseInstant(value);
  if (!start) problems.push(`CLOCK_START must be an ISO 8601 instant or date (got "${value}")`);
  return start ?? new Date();
}
