import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@tc/eventstore';
import { runCli } from '../apps/cli/src/cli';
import { Scenario } from './support/scenario';
import { startTestApi } from './support/test-app';

describe('npm run cli -- ops tick --now <date>', () => {
  let dataDir: string;
  let id: string;
  const env = () => ({ DATA_DIR: dataDir, JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123', LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tc-ops-'));
    const api = await startTestApi({ DATA_DIR: dataDir, CLOCK_START: '2026-01-01T08:00:00Z' });
    const s = new Scenario(api);
    const { policyId, debtorId } = await s.workedExampleSetUp();
    await s.on('2026-01-15');
    id = (await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'OPS-1', invoiceDate: '2026-01-15', dueDate: '2026-03-16', amount: 1_000_000, currency: 'EUR' }), 201)).id;
    await s.ok(s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-01-15' }));
    await api.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const timers = async () => {
    const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
    try {
      return (await store.readStream(`receivable-${id}`)).filter((e) => e.metadata.actor.sub === 'dunning-scheduler').map((e) => `${e.type}@${e.metadata.effectiveDate}`);
    } finally {
      await store.close();
    }
  };

  it('runs every timer due as of the date, on the API’s stores, and a second run fires nothing', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await runCli(['ops', 'tick', '--now', '2026-03-24'], { env: env(), out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(0);
    expect(out.join('\n')).toMatch(/tick as of 2026-03-24: 1 receivables with due timers, 2 timers fired/);
    expect(await timers()).toEqual(['MarkedOverdue@2026-03-17', 'ReminderSent@2026-03-23']);

    out.length = 0;
    expect(await runCli(['ops', 'tick', '--now', '2026-03-24'], { env: env(), out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(0);
    expect(out.join('\n')).toMatch(/0 timers fired/);
  });

  it('refuses a missing or malformed --now with a usage error', async () => {
    const err: string[] = [];
    expect(await runCli(['ops', 'tick'], { env: env(), out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(await runCli(['ops', 'tick', '--now', 'soon'], { env: env(), out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(await runCli(['ops', 'nap'], { env: env(), out: () => undefined, err: (l) => err.push(l) })).toBe(2);
  });
});
