import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { Scenario } from './support/scenario';
import { TestApi, startTestApi } from './support/test-app';

/** Reads a server-sent-events stream until `until` is satisfied by the events collected. */
function collectSse(url: string, token: string, until: (events: { type: string; data: any }[]) => boolean): { connected: Promise<void>; done: Promise<{ type: string; data: any }[]> } {
  let connected!: () => void;
  const connectedP = new Promise<void>((resolve) => (connected = resolve));
  const done = new Promise<{ type: string; data: any }[]>((resolve, reject) => {
    const events: { type: string; data: any }[] = [];
    const req = httpRequest(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
      connected();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data !== undefined) events.push({ type, data: JSON.parse(data) });
        }
        if (until(events)) {
          req.destroy();
          resolve(events);
        }
      });
    });
    req.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
    req.end();
  });
  return { connected: connectedP, done };
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('monitoring: ratings and insolvency reach every open receivable of the debtor', () => {
  let api: TestApi;
  let s: Scenario;
  let policyId: string;
  let debtorId: string;
  let receivables: string[];

  beforeAll(async () => {
    api = await startTestApi({ CLOCK_START: '2026-01-01T08:00:00Z' });
    s = new Scenario(api);
    ({ policyId, debtorId } = await s.workedExampleSetUp());
    await s.ok(api.http.put(`/v1/policies/${policyId}/credit-limits/${debtorId}`).set(s.auth('underwriter')).send({ amount: 200_000_000, effectiveFrom: '2026-01-01', validUntil: '2027-12-31', conditions: [] }));
    await s.on('2026-02-01');
    await s.ok(s.post(`/v1/debtors/${debtorId}/ratings`, { grade: 6, ratedAt: '2026-01-05', source: 'agency' }));
    receivables = [];
    for (let batch = 0; batch < 50; batch++) {
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          s.ok(s.post('/v1/receivables', { policyId, debtorId, invoiceNumber: `M-${batch}-${i}`, invoiceDate: '2026-01-10', dueDate: '2026-03-10', amount: 100_000, currency: 'EUR' }), 201),
        ),
      );
      receivables.push(...created.map((r) => r.id));
    }
  }, 120_000);
  afterAll(() => api.close());

  const alertsOf = async (kind: string) => {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await s.ok(s.get(`/v1/alerts?debtorId=${debtorId}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      count += page.items.filter((a: { kind: string }) => a.kind === kind).length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return count;
  };

  it('a downgrade to 2: every one of 1,000 open receivables gets its warning, the named limit is withdrawn after notice, and an SSE client connected before receives the alert', async () => {
    expect(receivables).toHaveLength(1000);
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const sse = collectSse(`http://127.0.0.1:${port}/v1/alerts/stream`, api.token('claims'), (events) => events.filter((e) => e.type === 'alert').length >= 1000);
    await sse.connected;

    await s.ok(s.post(`/v1/debtors/${debtorId}/ratings`, { grade: 2, ratedAt: '2026-02-01', source: 'agency' }));

    expect(await eventually(() => alertsOf('RATING_DOWNGRADE'), (n) => n === 1000)).toBe(1000);
    const streamed = await sse.done;
    const alerts = streamed.filter((e) => e.type === 'alert');
    expect(alerts[0].data).toMatchObject({ kind: 'RATING_DOWNGRADE', severity: 'warning', grade: 2, previousGrade: 6, date: '2026-02-01', debtorId, policyId });
    expect(new Set(alerts.map((a) => a.data.receivableId)).size).toBe(1000);

    const view = await s.ok(s.get(`/v1/receivables/${receivables[500]}`));
    expect(view.alerts).toEqual([expect.objectContaining({ kind: 'RATING_DOWNGRADE', date: '2026-02-01' })]);

    // Withdrawn at notice (the rating's date) + 30 days; the named amount stands until then.
    const limit = (on: string) => eventually(() => s.ok(s.get(`/v1/policies/${policyId}/credit-limits/${debtorId}?on=${on}`)), (v) => on < '2026-03-03' || v.amount === 0);
    expect(await limit('2026-03-02')).toMatchObject({ amount: 200_000_000 });
    expect(await limit('2026-03-03')).toMatchObject({ amount: 0, limitInForce: 0 });
  }, 120_000);

  it('a rise is informational, an insolvency critical; the integration feed sees its own policy only', async () => {
    await s.ok(s.post(`/v1/debtors/${debtorId}/ratings`, { grade: 4, ratedAt: '2026-02-01', source: 'agency' }));
    await s.ok(s.post(`/v1/debtors/${debtorId}/insolvency`, { declaredAt: '2026-02-01', proceeding: 'liquidation' }, 'claims'));
    expect(await eventually(() => alertsOf('INSOLVENCY'), (n) => n === 1000)).toBe(1000);
    expect(await alertsOf('RATING_UPGRADE')).toBe(1000);
    const own = await s.ok(s.get(`/v1/alerts?limit=5`, 'integration', policyId));
    expect(own.items.every((a: { policyId: string }) => a.policyId === policyId)).toBe(true);
    const other = await s.ok(s.get(`/v1/alerts?limit=5&policyId=${policyId}`, 'integration', '00000000-0000-4000-8000-000000000000'));
    expect(other.items).toEqual([]);
    expect((await s.get('/v1/alerts', 'analyst')).status).toBe(403);
  }, 60_000);
});
