export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type ClockMode = 'system' | 'manual';

/** The validated environment. Built once at boot by `loadConfig`; nothing else reads process.env. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the embedded stores' files and the generated JWT secret. */
  readonly dataDir: string;
  readonly jwtSecret: string;
  /** True when this start created the secret file, so the app can say where it is. */
  readonly jwtSecretGenerated: boolean;
  /** Set when the secret lives in `<dataDir>/jwt-secret` rather than in JWT_SECRET. */
  readonly jwtSecretFile?: string;
  /** Unset: the embedded SQLite event store. */
  readonly eventStoreUrl?: string;
  /** Unset: the embedded SQLite read store. */
  readonly mongodbUrl?: string;
  readonly logLevel: LogLevel;
  readonly clock: ClockMode;
  /** Where a manual clock starts; boot time unless CLOCK_START says otherwise. */
  readonly clockStart: Date;
  /**
   * RUN_BACKGROUND, resolved: whether the API runs the projector, the process managers and the
   * timers in-process. `auto` (default): yes on the embedded stores, no when EVENTSTORE_URL or
   * MONGODB_URL is set (workers run them, under leases). The worker ignores it.
   */
  readonly runBackground: boolean;
}

export const RUN_BACKGROUND_VALUES = ['auto', 'true', 'false'] as const;

export const APP_CONFIG = Symbol('AppConfig');

/** Lists every problem at once, so a bad deployment is fixed in one round. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}
