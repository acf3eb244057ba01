import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { READ_STORE, ReadStore } from '@tc/readstore';
import { Scenario } from '../support/scenario';
import { TestApi, startTestApi } from '../support/test-app';
import { activeViews, dumpViews, rebuildAll, settle } from '../support/views';

/**
 * DESIGN.md "Projections": read models are derived from the log alone and can be rebuilt
 * from it at any time, with the same result. Two checks through the whole API:
 * - determinism: after the worked example and other flows, every view rebuilt from the log
 *   deep-equals the live one, which was built incrementally, batch after batch;
 * - a projector killed mid-batch (a commit that never happened, the app closed while
 *   commands were still being written) resumes from its checkpoints and ends with every view
 *   equal to a clean build.
 */

const claims = 'claims' as const;

/** DOMAIN.md's worked example, with a second debtor's business woven in: payments, a dispute, a refusal, a rating fall, a debtor-level payment. */
async function drive(s: Scenario): Promise<void> {
  const { policyId, debtorId } = await s.workedExampleSetUp();
  const other = (await s.ok(s.post('/v1/debtors', { legalId: `IT-${policyId.slice(0, 8)}`, country: 'IT', name: 'Compratore SpA', sector: 'ict' }), 201)).id;
  await s.ok(s.api.http.put(`/v1/policies/${policyId}/credit-limits/${other}`).set(s.auth('underwriter')).send({ amount: 3_000_000, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: [] }));
  await s.ok(s.post(`/v1/policies/${policyId}/credit-limits/${other}/top-ups`, { amount: 500_000, until: '2026-06-30' }));
  const usd = (await s.ok(s.post('/v1/policies', { policyholder: { name: 'Acme Inc', legalId: 'US-1', country: 'US' }, product: 'SME_MODULAR', currency: 'USD', effectiveFrom: '2026-01-01', annualPremium: 500_000, estimatedTurnover: 100_000_000 }), 201)).id;
  await s.ok(s.post(`/v1/debtors/${other}/ratings`, { grade: 6, ratedAt: '2026-01-01', source: 'agency' }));

  await s.on('2026-01-15');
  const id = (await s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'INV-001', invoiceDate: '2026-01-15', dueDate: '2026-03-16', amount: 6_000_000, currency: 'EUR' }), 201)).id;
  const small: string[] = [];
  for (const [n, amount, dueDate] of [['S-1', 800_000, '2026-02-28'], ['S-2', 600_000, '2026-03-31'], ['S-3', 400_000, '2026-04-30']] as const) {
    const res = await s.ok(s.post('/v1/receivables', { policyId, debtorId: other, invoiceNumber: n, invoiceDate: '2026-01-15', dueDate, amount, currency: 'EUR' }), 201);
    await s.ok(s.post(`/v1/receivables/${res.id}/shipment`, { shippedAt: '2026-01-15' }));
    small.push(res.id);
  }
  const refused = (await s.ok(s.post('/v1/receivables', { policyId, debtorId: other, invoiceNumber: 'BIG-1', invoiceDate: '2026-01-15', dueDate: '2026-04-15', amount: 2_500_000, currency: 'EUR' }), 201)).id;
  await s.on('2026-01-16');
  await s.ok(s.post(`/v1/receivables/${id}/cover-decision`, { decision: 'PARTIAL', amount: 5_000_000, validUntil: '2026-12-31', decidedAt: '2026-01-16' }));
  await s.ok(s.post(`/v1/receivables/${refused}/cover-decision`, { decision: 'REFUSED', reason: 'too large' }));
  await s.on('2026-01-20');
  await s.ok(s.post(`/v1/receivables/${id}/shipment`, { shippedAt: '2026-01-20' }));
  await s.on('2026-02-01');
  await s.ok(s.post(`/v1/receivables/${small[1]}/disputes`, { openedAt: '2026-02-01', reason: 'short delivery' }, claims));
  await s.on('2026-02-10');
  await s.ok(s.post(`/v1/receivables/${small[1]}/disputes/resolution`, { resolvedAt: '2026-02-10', outcome: 'UPHELD' }, claims));
  await s.ok(s.post(`/v1/policies/${usd}/turnover-declarations`, { period: '2026-01-01', insuredTurnover: 20_000_000 }), 201);
  await s.on('2026-03-10');
  await s.ok(s.post(`/v1/receivables/${id}/payments`, { amount: 1_000_000, receivedAt: '2026-03-10', reference: 'transfer' }, claims));
  await s.ok(s.post(`/v1/debtors/${other}/payments`, { policyId, amount: 1_000_000, currency: 'EUR', receivedAt: '2026-03-10', reference: 'bulk' }, claims), 201);
  await s.on('2026-03-20');
  await s.ok(s.post(`/v1/debtors/${other}/ratings`, { grade: 3, ratedAt: '2026-03-20', source: 'agency' })); // a fall: alerts, limits halved
  await s.on('2026-04-01');
  await s.ok(s.post(`/v1/receivables/${id}/overdue-declaration`, { declaredAt: '2026-04-01' }, claims));
  await s.on('2026-05-10');
  await s.ok(s.post(`/v1/receivables/${id}/collection-recoveries`, { amount: 500_000, recoveredAt: '2026-05-10' }, claims));
  await s.ok(s.post(`/v1/receivables/${small[2]}/closure`, { closedAt: '2026-05-10', reason: 'written off' }, claims));
  await s.on('2026-06-01');
  await s.ok(s.post(`/v1/debtors/${debtorId}/insolvency`, { declaredAt: '2026-06-01', proceeding: 'liquidation' }, claims));
  await s.on('2026-06-05');
  await s.ok(s.post(`/v1/receivables/${id}/claims`, { reason: 'INSOLVENCY', filedAt: '2026-06-05' }, claims), 201);
  await s.on('2026-06-20');
  await s.ok(s.post(`/v1/receivables/${id}/claim-decision`, { decision: 'APPROVED', decidedAt: '2026-06-20' }, claims));
  await s.on('2026-07-15');
  await s.ok(s.post(`/v1/receivables/${id}/indemnity-payment`, { paidAt: '2026-07-15' }, claims));
  await s.on('2026-09-01');
  await s.ok(s.post(`/v1/receivables/${id}/recoveries`, { amount: 400_000, recoveredAt: '2026-09-01' }, claims));
  await s.ok(s.post(`/v1/debtors/${debtorId}/payments`, { policyId, amount: 100_000, currency: 'EUR', receivedAt: '2026-09-01', reference: 'dividend' }, claims), 201);
}

describe('determinism: every view rebuilt from the log equals the live one', () => {
  let api: TestApi;
  let s: Scenario;
  beforeAll(async () => {
    api = await startTestApi({ CLOCK_START: '2026-01-01T08:00:00Z' });
    s = new Scenario(api);
    await drive(s);
    await settle(api);
  }, 60_000);
  afterAll(() => api.close());

  it('after the worked example and other flows, a blue/green rebuild of every projection gives the same documents', async () => {
    const live = await dumpViews(api);
    expect(Object.keys(live)).toEqual(expect.arrayContaining(['receivables', 'receivable_stats', 'credit_exposure', 'credit_limit_segments', 'exposure_groups', 'policy_premiums', 'premium_totals']));
    expect(live.receivables.length).toBe(5);
    expect(live.receivable_stats.map((d) => d.id)).toEqual(expect.arrayContaining(['all']));
    const projections = await rebuildAll(s);
    expect(projections).toEqual(expect.arrayContaining(['receivables', 'credit-exposure', 'policy-premiums']));
    const rebuilt = await dumpViews(api);
    expect(rebuilt).toEqual(live);
  });

  it('the dashboards read the same figures before and after a rebuild', async () => {
    const read = async () => Promise.all(['/v1/dashboards/portfolio', '/v1/dashboards/exposure?groupBy=sector', '/v1/dashboards/claims', '/v1/dashboards/decisions'].map((path) => s.ok(s.get(path, 'analyst'))));
    const before = await read();
    await rebuildAll(s);
    expect(await read()).toEqual(before);
  });
});

describe('a projector killed mid-batch', () => {
  let dataDir: string;
  let cleanDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tc-midbatch-'));
    cleanDir = mkdtempSync(join(tmpdir(), 'tc-clean-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cleanDir, { recursive: true, force: true });
  });

  it('resumes from its checkpoints after a restart and ends with every view equal to a clean build', async () => {
    const first = await startTestApi({ DATA_DIR: dataDir, CLOCK_START: '2026-01-01T08:00:00Z' });
    const s = new Scenario(first);
    const { policyId, debtorId } = await s.workedExampleSetUp();
    await s.on('2026-01-15');
    await settle(first);

    // From the third commit on, the read store "dies" before committing: the batch in hand, applied in memory, never reaches it.
    const views = first.app.get<ReadStore>(READ_STORE);
    const commit = views.commit.bind(views);
    let commits = 0;
    let killed = 0;
    let dead = false;
    views.commit = async (batch) => {
      if (dead) return 'applied'; // what a dead process writes: nothing (and nobody waits for its answer)
      if (++commits > 2) {
        killed++;
        throw new Error('the process died while committing');
      }
      return commit(batch);
    };
    // Commands keep arriving while the app is closed under them.
    const writes = Array.from({ length: 12 }, async (_, i) => {
      const res = await s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: `M-${i}`, invoiceDate: '2026-01-15', dueDate: '2026-03-01', amount: 100_000 + i, currency: 'EUR' });
      if (res.status === 201) await s.post(`/v1/receivables/${res.body.id}/shipment`, { shippedAt: '2026-01-15' });
    });
    await Promise.race([Promise.allSettled(writes), new Promise((resolve) => setTimeout(resolve, 120))]);
    dead = true;
    await first.close();
    await Promise.allSettled(writes);
    expect(killed).toBeGreaterThan(0);
    const [head, behind] = checkpointsBehind(dataDir);
    expect(behind.length).toBeGreaterThan(0); // some projection had applied events it never committed
    expect(head).toBeGreaterThan(0);

    const restarted = await startTestApi({ DATA_DIR: dataDir, CLOCK_START: '2026-01-15T10:00:00Z' });
    let resumed: Awaited<ReturnType<typeof dumpViews>>;
    try {
      const r = new Scenario(restarted);
      await r.on('2026-01-20'); // business goes on after the restart
      await r.ok(r.post('/v1/receivables', { policyId, debtorId, invoiceNumber: 'AFTER-1', invoiceDate: '2026-01-20', dueDate: '2026-03-20', amount: 250_000, currency: 'EUR' }), 201);
      await settle(restarted);
      resumed = await dumpViews(restarted);
      expect(resumed.receivables.length).toBeGreaterThan(1);
      await rebuildAll(r);
      expect(await dumpViews(restarted)).toEqual(resumed);
    } finally {
      await restarted.close();
    }

    // And a build into an empty read store, from a copy of the log alone.
    for (const file of ['events.sqlite', 'events.sqlite-wal', 'events.sqlite-shm']) if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(cleanDir, file));
    const clean = await startTestApi({ DATA_DIR: cleanDir, CLOCK_START: '2026-01-20T10:00:00Z' });
    try {
      await settle(clean);
      expect(await dumpViews(clean)).toEqual(resumed);
      expect(activeViews(cleanDir)).toEqual(Object.keys(resumed).sort());
    } finally {
      await clean.close();
    }
  }, 60_000);
});

/** The head of the log and the checkpoints that stood behind it when the app was closed. */
function checkpointsBehind(dataDir: string): [number, string[]] {
  const events = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  const views = new Database(join(dataDir, 'views.sqlite'), { readonly: true });
  try {
    const head = events.prepare('SELECT max(position) FROM events').pluck().get() as number;
    const rows = views.prepare("SELECT projection, position FROM _checkpoints WHERE projection NOT LIKE 'process:%'").all() as { projection: string; position: string | null }[];
    return [head, rows.filter((row) => row.position === null || Number(row.position) < head).map((row) => row.projection)];
  } finally {
    events.close();
    views.close();
  }
}
