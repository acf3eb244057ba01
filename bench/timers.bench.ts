import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CLOCK, ManualClock } from '@tc/kernel';
import { DunningScheduler } from '@tc/receivables';
import { createLogger, loadConfig, signJwt } from '@tc/platform';
import { createApi } from '../apps/api/src/create-api';
import { Bench, withTempDir } from './lib/bench';

const SECRET = 'bench-secret-bench-secret-bench-secret';

/**
 * `npm run bench -- timers [--receivables N]`: N shipped receivables all due on the same
 * day, then one tick the day after: every one gets its OVERDUE timer. Set-up goes through
 * the real API (in-process HTTP injection); only the tick is timed.
 */
export const bench: Bench = {
  description: 'dunning timers fired per second in one tick',
  async run({ flags, progress }) {
    const receivables = flags.number('receivables', 10_000);
    return withTempDir(async (dir) => {
      const config = loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET, CLOCK: 'manual', CLOCK_START: '2026-01-01T08:00:00Z', LOG_LEVEL: 'silent' });
      const app = await createApi(config, createLogger(config));
      await app.init();
      try {
        const http = client(app);
        const policy = await http('POST', '/v1/policies', { policyholder: { name: 'Bench', legalId: 'B-1', country: 'DE' }, product: 'MIDCAP_GLOBAL', currency: 'EUR', effectiveFrom: '2026-01-01', annualPremium: 10_000_000, estimatedTurnover: 5_000_000_000 });
        const debtor = await http('POST', '/v1/debtors', { legalId: 'B-DEBTOR', country: 'FR', name: 'Big buyer', sector: 'retail' });
        await http('PUT', `/v1/policies/${policy.id}/credit-limits/${debtor.id}`, { amount: 10_000_000_000, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: [] });
        const started = Date.now();
        for (let i = 0; i < receivables; i++) {
          const r = await http('POST', '/v1/receivables', { policyId: policy.id, debtorId: debtor.id, invoiceNumber: `T-${i}`, invoiceDate: '2026-01-01', dueDate: '2026-03-16', amount: 100_000, currency: 'EUR' });
          await http('POST', `/v1/receivables/${r.id}/shipment`, { shippedAt: '2026-01-01' });
          if ((i + 1) % 1_000 === 0) progress(`  set-up: ${i + 1}/${receivables} receivables shipped (${Math.round((i + 1) / ((Date.now() - started) / 1000))}/s)`);
        }
        await app.get(DunningScheduler).tick(); // nothing is due yet; the timers view is current
        await moveClock(app, '2026-03-17T09:00:00Z');
        progress(`tick on 2026-03-17 over ${receivables} receivables due 2026-03-16…`);
        const t0 = process.hrtime.bigint();
        const report = await app.get(DunningScheduler).tick((done, total) => {
          if (done % 2_000 === 0) progress(`  ${done}/${total}`);
        });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (report.fired !== receivables) throw new Error(`expected ${receivables} timers fired, got ${report.fired}`);
        return [
          { metric: `timers fired in one tick (${receivables} due the same day)`, value: report.fired, unit: 'timers' },
          { metric: 'tick duration', value: seconds * 1000, unit: 'ms' },
          { metric: 'timers fired per second', value: report.fired / seconds, unit: 'timers/s' },
        ];
      } finally {
        await app.close();
      }
    });
  },
};

/** Moves the manual clock without ticking (the bench times the tick itself). */
async function moveClock(app: NestFastifyApplication, now: string): Promise<void> {
  app.get<ManualClock>(CLOCK).moveTo(new Date(now));
}

function client(app: NestFastifyApplication) {
  const token = signJwt({ sub: 'bench', role: 'underwriter' }, SECRET, 3600);
  const fastify = app.getHttpAdapter().getInstance();
  return async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const res = await fastify.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string };
  };
}
