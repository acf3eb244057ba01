import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { Role, loadConfig, signJwt } from '@tc/platform';
import { createApi } from '../../apps/api/src/create-api';
import { StoresOptions } from '../../apps/api/src/stores.module';

export interface TestApi {
  readonly app: NestFastifyApplication;
  readonly http: ReturnType<typeof request>;
  readonly store: EventStore;
  readonly dataDir: string;
  token(role: Role, options?: { policyId?: string; sub?: string }): string;
  close(): Promise<void>;
}

/**
 * The whole API as `npm start` builds it (real Fastify, real SQLite files in a fresh data
 * dir), on the manual clock so that business dates are deterministic.
 */
export async function startTestApi(env: Record<string, string> = {}, stores?: StoresOptions): Promise<TestApi> {
  // A given DATA_DIR is the caller's (a restart test reopens it); a fresh one is removed on close.
  const ownDir = !env.DATA_DIR;
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'tc-e2e-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123',
    CLOCK: 'manual',
    CLOCK_START: '2026-01-15T09:00:00Z',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApi(config, undefined, stores);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: request(app.getHttpServer()),
    store: app.get<EventStore>(EVENT_STORE),
    dataDir,
    token: (role, options = {}) =>
      signJwt({ sub: options.sub ?? `${role}-1`, role, ...(options.policyId && { policyId: options.policyId }) }, config.jwtSecret, 3600),
    async close() {
      await app.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every event in the store, to prove that a refused request changed nothing. */
export async function allEvents(store: EventStore) {
  return store.readAll({ limit: 100_000 });
}
