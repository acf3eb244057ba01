import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../logging/logger';

export interface Readiness {
  readonly ready: boolean;
  readonly detail?: string;
}

export type ReadinessCheck = () => Readiness | Promise<Readiness>;

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly stores: Readonly<Record<string, Readiness>>;
}

/** A store that never answers must not hang /health (see TOOLCHAIN.md on the esdb client). */
const CHECK_TIMEOUT_MS = 2000;

/** Each store registers how to tell whether it is ready; /health runs them all. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`a readiness check named ${name} is already registered`);
    this.checks.set(name, check);
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await this.run(name, check)] as const));
    return {
      status: entries.every(([, readiness]) => readiness.ready) ? 'ok' : 'unavailable',
      stores: Object.fromEntries(entries),
    };
  }

  /** A thrown error is logged, not returned: /health is public and error texts may name hosts. */
  private async run(name: string, check: ReadinessCheck): Promise<Readiness> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Readiness>((resolve) => {
      timer = setTimeout(() => resolve({ ready: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
    });
    try {
      return await Promise.race([Promise.resolve().then(check), timeout]);
    } catch (error) {
      this.logger.warn({ err: error, store: name }, 'readiness check failed');
      return { ready: false, detail: 'check failed (see the service log)' };
    } finally {
      clearTimeout(timer);
    }
  }
}
