import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../apps/cli/src/cli';
import { TestApi, startTestApi } from './support/test-app';

const SECRET = 'e2e-secret-e2e-secret-e2e-secret-0123';
const TODAY = '2026-06-30';
const STATUSES = ['COVER_REQUESTED', 'COVER_GRANTED', 'COVER_REFUSED', 'SHIPPED', 'OVERDUE', 'IN_COLLECTION', 'CLAIM_FILED', 'CLAIM_APPROVED', 'CLAIM_REJECTED', 'INDEMNIFIED', 'SETTLED', 'CLOSED'];

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function seed(dataDir: string, ...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['seed', ...args], { env: { DATA_DIR: dataDir, JWT_SECRET: SECRET, LOG_LEVEL: 'silent' }, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** The status table of the summary: status → [as the dashboard counts it, as planned]. */
function statusTable(out: readonly string[]): Record<string, [number, number]> {
  const rows = out.map((line) => /^\s+([A-Z_]+)\s+([\d,]+)\s+([\d,]+)/.exec(line)).filter((m): m is RegExpExecArray => m !== null);
  return Object.fromEntries(rows.map((m) => [m[1], [Number(m[2].replace(/,/g, '')), Number(m[3].replace(/,/g, ''))]]));
}

/** Every receivable through the list route: invoice number → status. */
async function book(api: TestApi): Promise<Map<string, string>> {
  const auth = { Authorization: `Bearer ${api.token('analyst')}` };
  const byInvoice = new Map<string, string>();
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const res: { status: number; body: { items: { invoiceNumber: string; status: string }[]; nextCursor: string | null } } = await api.http
      .get(`/v1/receivables?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      .set(auth);
    expect(res.status).toBe(200);
    for (const r of res.body.items) byInvoice.set(r.invoiceNumber, r.status);
    cursor = res.body.nextCursor;
  }
  return byInvoice;
}

describe('npm run cli -- seed', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-seed-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  let first: { dir: string; run: Run };

  it('writes a year of business through the API: every status, as planned, nothing refused', async () => {
    // A DATA_DIR that does not exist yet, as on a fresh clone: the seed creates it.
    const dir = join(newDir(), 'data');
    const run = await seed(dir, '--receivables', '200', '--seed', '7', '--today', TODAY);
    expect(run.err.join('\n')).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^seeded 200 receivables as of 2026-06-30 \(seed 7\) in .*: 6 policies, 24 debtors, \d+ named limits; [\d,]+ requests, [\d,]+ events$/);
    const table = statusTable(run.out);
    expect(Object.keys(table)).toEqual(STATUSES);
    for (const status of STATUSES) {
      const [actual, planned] = table[status];
      expect({ status, actual }).toEqual({ status, actual: planned });
      expect({ status, present: actual > 0 }).toEqual({ status, present: true });
    }
    expect(Object.values(table).reduce((sum, [n]) => sum + n, 0)).toBe(200);
    expect(run.out.some((line) => line.includes('refused'))).toBe(false);
    expect(run.err.some((line) => /receivables\/s\), ETA/.test(line))).toBe(true); // progress on stderr
    first = { dir, run };
  }, 120_000);

  it('is deterministic: the same seed gives the same invoices in the same statuses, and the same number of events', async () => {
    const again = await seed(newDir(), '--receivables', '200', '--seed', '7', '--today', TODAY);
    expect(again.code).toBe(0);
    expect(statusTable(again.out)).toEqual(statusTable(first.run.out));
    const events = (run: Run) => /([\d,]+) events$/.exec(run.out[0])?.[1];
    expect(events(again)).toBe(events(first.run));

    const apiA = await startTestApi({ DATA_DIR: first.dir, CLOCK_START: `${TODAY}T18:00:00Z` });
    const a = await book(apiA).finally(() => apiA.close());
    const apiB = await startTestApi({ DATA_DIR: dirs[1], CLOCK_START: `${TODAY}T18:00:00Z` });
    const b = await book(apiB).finally(() => apiB.close());
    expect(a.size).toBe(200);
    expect([...b].sort()).toEqual([...a].sort());

    const other = await seed(newDir(), '--receivables', '200', '--seed', '8', '--today', TODAY);
    expect(other.code).toBe(0);
    expect(other.out[0]).not.toBe(first.run.out[0]);
  }, 180_000);

  it('leaves an API that serves the dashboards on what it wrote', async () => {
    const api = await startTestApi({ DATA_DIR: first.dir, CLOCK_START: `${TODAY}T18:00:00Z` });
    try {
      const get = async (path: string, role: 'analyst' | 'claims' | 'underwriter' = 'analyst') => {
        const res = await api.http.get(path).set({ Authorization: `Bearer ${api.token(role)}` });
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        return res.body;
      };
      const portfolio = await get('/v1/dashboards/portfolio');
      expect(portfolio.receivables).toBe(200);
      expect(portfolio.statuses).toEqual(Object.fromEntries(STATUSES.map((s) => [s, statusTable(first.run.out)[s][0]])));
      expect(portfolio.exposure.length).toBeGreaterThan(0);
      expect(portfolio.ageing.some((bucket: { byCurrency: unknown[] }) => bucket.byCurrency.length > 0)).toBe(true);
      expect(portfolio.claims.PAID.count).toBeGreaterThan(0);

      const bySector = await get('/v1/dashboards/exposure?groupBy=sector');
      expect(bySector.items.length).toBeGreaterThan(3);
      expect(bySector.items.some((row: { exposure: number }) => row.exposure > 0)).toBe(true);
      const byCountry = await get('/v1/dashboards/exposure?groupBy=country');
      expect(new Set(byCountry.items.map((row: { group: string }) => row.group)).size).toBeGreaterThan(3);

      const claims = await get('/v1/dashboards/claims');
      expect(claims.filingToPayment.paid).toBeGreaterThan(0);
      const decisions = await get('/v1/dashboards/decisions', 'underwriter');
      expect(decisions).toBeDefined();
      const overdue = await get('/v1/receivables?status=OVERDUE&limit=50');
      expect(overdue.items.length).toBe(statusTable(first.run.out).OVERDUE[0]);
      const alerts = await get('/v1/alerts', 'claims');
      expect(alerts.items.length).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('refuses a DATA_DIR that already holds a history, and a command line it cannot read', async () => {
    const again = await seed(first.dir, '--receivables', '200', '--seed', '7', '--today', TODAY);
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toContain('the event store is not empty');

    const usage = await seed(newDir(), '--seed', '7');
    expect(usage.code).toBe(2);
    expect(usage.err.join('\n')).toContain('--receivables is required');
    expect((await seed(newDir(), '--receivables', 'many')).code).toBe(2);
    expect((await seed(newDir(), '--receivables', '100', '--policies', '2')).err.join('\n')).toContain('--policies must be an integer from 5');
    expect((await seed(newDir(), '--receivables', '100', '--today', '30/06/2026')).err.join('\n')).toContain('--today must be a date');
  }, 60_000);
});
