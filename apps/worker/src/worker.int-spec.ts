import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { ConfigError, createLogger, loadConfig, signJwt } from '@tc/platform';
import { FollowerProjector, LeaseChange, PROJECTOR } from '@tc/projector';
import { createApi } from '../../api/src/create-api';
import { Worker, createWorker } from './create-worker';

const SECRET = 'worker-secret-worker-secret-0123456789';

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  for (const start = Date.now(); !condition(); await sleep(10)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

/**
 * Two workers and an API that runs nothing in the background, on one embedded DATA_DIR, as
 * three processes on one machine would run: the API answers reads from the views the workers
 * build, and the leases pass from one worker to the other.
 */
describe('the worker', () => {
  let dataDir: string;
  const stops: (() => Promise<unknown>)[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tc-worker-'));
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const workerConfig = () => loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET, LOG_LEVEL: 'silent' });

  async function worker(holder: string, changes: LeaseChange[] = []): Promise<Worker> {
    const config = workerConfig();
    const created = await createWorker(config, createLogger(config), { holder, ttlMs: 3_000, onChange: (change) => changes.push(change) });
    stops.push(() => created.stop());
    await created.start();
    return created;
  }

  it('runs every projection, process and timer under a lease of its own, on one worker at a time, and hands them over at once when stopped', async () => {
    const first = await worker('w1');
    const leases = first.keeper.held();
    expect(leases).toEqual(
      expect.arrayContaining(['projection/receivable-timers', 'projection/receivables', 'process/debtor-monitoring', 'process/rating-reductions', 'job/dunning-scheduler', 'job/exposure-reconciler', 'job/audit-anchoring']),
    );
    const changes: LeaseChange[] = [];
    const second = await worker('w2', changes);
    expect(second.keeper.held()).toEqual([]);

    // An API beside them: no projector runs in it; `after=` waits for the views the workers build.
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET, LOG_LEVEL: 'silent', CLOCK: 'manual', CLOCK_START: '2026-01-15T09:00:00Z', RUN_BACKGROUND: 'false' });
    expect(config.runBackground).toBe(false);
    const api = await createApi(config);
    stops.push(() => api.close());
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
    expect(api.get(PROJECTOR)).toBeInstanceOf(FollowerProjector);
    const http = request(api.getHttpServer());
    const auth = { Authorization: `Bearer ${signJwt({ sub: 'u-1', role: 'underwriter' }, SECRET, 3600)}` };
    let seq = 0;
    const created = async (path: string, body: object) => {
      const res = await http.post(path).set(auth).send(body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; position: string };
    };
    const receivable = async () => {
      const n = ++seq;
      const policy = await created('/v1/policies', { policyholder: { name: `Insured ${n}`, legalId: `DE-HRB-${n}`, country: 'DE' }, product: 'SME_MODULAR', currency: 'EUR', effectiveFrom: '2026-01-01', annualPremium: 1_200_000, estimatedTurnover: 400_000_000 });
      const debtor = await created('/v1/debtors', { legalId: `FR-RCS-${n}`, country: 'FR', name: `Buyer ${n} SA`, sector: 'retail' });
      return created('/v1/receivables', { policyId: policy.id, debtorId: debtor.id, invoiceNumber: `INV-${n}`, invoiceDate: '2026-01-15', dueDate: '2026-02-14', amount: 1_500_000, currency: 'EUR' });
    };
    const read = async (id: string, after: string) => {
      const res = await http.get(`/v1/receivables/${id}?after=${encodeURIComponent(after)}`).set(auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id });
      expect(BigInt(res.headers['x-view-position'])).toBeGreaterThanOrEqual(BigInt(after));
    };

    const one = await receivable();
    await read(one.id, one.position);

    const stoppedAt = Date.now();
    await first.stop();
    stops.shift();
    await waitUntil(() => second.keeper.held().length === leases.length, 'the handover');
    expect(Date.now() - stoppedAt).toBeLessThan(3_000); // released, not lapsed
    expect(changes.filter((c) => c.kind === 'acquired').every((c) => c.token === 2)).toBe(true);

    const two = await receivable();
    await read(two.id, two.position);

    // The API's admin routes report what the workers stored, and leave rebuilds to them.
    const admin = { Authorization: `Bearer ${signJwt({ sub: 'a-1', role: 'admin' }, SECRET, 3600)}` };
    const status = await http.get('/v1/admin/projections').set(admin);
    expect(status.status).toBe(200);
    expect(status.body.items.find((p: { name: string }) => p.name === 'receivables')).toMatchObject({ generation: 1, checkpoint: expect.any(String) });
    const rebuild = await http.post('/v1/admin/projections/receivables/rebuild').set(admin);
    expect(rebuild.status).toBe(422);
    expect(rebuild.body.code).toBe('PROJECTIONS_RUN_ELSEWHERE');
  });

  it('refuses the manual clock: it moves only through the API that owns it', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET, LOG_LEVEL: 'silent', CLOCK: 'manual' });
    await expect(createWorker(config)).rejects.toThrow(ConfigError);
  });
});
