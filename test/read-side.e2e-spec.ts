import { PROJECTOR, Projector } from '@tc/projector';
import { ROLES, ReceivableScenario, Role, fieldsOf } from './support/receivables';

const SOME_POLICY = '3f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e99';

/**
 * The read side through HTTP: the receivables list and view, read-your-writes (`after=` and
 * `X-View-Position`), who may read what, the 400s of the new routes, and the admin routes that
 * operate the projections. Tests call the API with raw supertest where they must control
 * `after=` themselves (the scenario appends it to every view read).
 */
describe('the receivables view and list', () => {
  let s: ReceivableScenario;
  let policyId: string;
  let otherPolicyId: string;
  let debtorId: string;
  let ids: { early: string; late: string; settled: string; other: string; waiting: string };
  const raw = (path: string, role: Role = 'underwriter', policy?: string) => s.api.http.get(path).set(s.auth(role, policy));

  beforeAll(async () => {
    s = await ReceivableScenario.start('2026-01-05');
    policyId = await s.policy();
    otherPolicyId = await s.policy();
    debtorId = await s.debtor();
    await s.namedLimit(policyId, debtorId, 10_000_000);
    const early = await s.shipped(policyId, debtorId, { dueDate: '2026-02-01', amount: 1_000_000 });
    const late = await s.shipped(policyId, debtorId, { dueDate: '2026-03-01', amount: 1_200_000 });
    const settled = await s.shipped(policyId, debtorId, { dueDate: '2026-01-20', amount: 300_000 });
    await s.ok(s.act(settled, 'payments', { amount: 300_000, receivedAt: s.today, reference: 'in full' }));
    const other = await s.shipped(otherPolicyId, debtorId, { dueDate: '2026-02-10', amount: 500_000 });
    const waiting = (await s.requested(policyId, debtorId, { dueDate: '2026-04-01', amount: 4_000_000 })).id;
    ids = { early, late, settled, other, waiting };
    await s.on('2026-02-15'); // `early` and `other` are past due; timers mark them OVERDUE
  });
  afterAll(() => s.close());

  it('GET /v1/receivables/:id answers from the view: the API.md fields and the revision, with ETag and X-View-Position', async () => {
    const res = await s.get(`/v1/receivables/${ids.early}`, 'auditor');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ids.early, policyId, debtorId, status: 'OVERDUE', step: 5, insured: true, amount: 1_000_000, outstanding: 1_000_000, dueDate: '2026-02-01' });
    expect(res.body).not.toHaveProperty('state');
    expect(res.headers.etag).toBe(`"${res.body.revision}"`);
    expect(res.headers['x-view-position']).toMatch(/^\d+$/);
  });

  it('lists with every filter, oldest due date first, as { items, nextCursor }', async () => {
    const list = async (query: string) => (await s.ok(s.get(`/v1/receivables?${query}`, 'analyst'))) as { items: { id: string }[]; nextCursor: string | null };
    expect((await list(`policyId=${policyId}`)).items.map((r) => r.id)).toEqual([ids.settled, ids.early, ids.late, ids.waiting]);
    expect((await list(`debtorId=${debtorId}&status=OVERDUE`)).items.map((r) => r.id)).toEqual([ids.early, ids.other]);
    expect((await list('overdue=true')).items.map((r) => r.id)).toEqual([ids.early, ids.other]);
    expect((await list(`overdue=false&policyId=${policyId}`)).items.map((r) => r.id)).toEqual([ids.late, ids.waiting]);
    expect((await list('status=SETTLED')).items.map((r) => r.id)).toEqual([ids.settled]);
    const first = await list('limit=2');
    expect(first.items).toHaveLength(2);
    const second = await list(`limit=2&cursor=${first.nextCursor}`);
    const third = await list(`limit=2&cursor=${second.nextCursor}`);
    expect([...first.items, ...second.items, ...third.items].map((r) => r.id)).toEqual([ids.settled, ids.early, ids.other, ids.late, ids.waiting]);
    expect(third.nextCursor).toBeNull();
  });

  it('overdue follows the clock: the day after its due date a receivable is overdue, without any event', async () => {
    const overdue = async () => (await s.ok(s.get('/v1/receivables?overdue=true', 'claims'))).items.map((r: { id: string }) => r.id);
    expect(await overdue()).not.toContain(ids.late);
    await s.on('2026-03-02');
    expect(await overdue()).toEqual([ids.early, ids.other, ids.late]);
  });

  it('an integration token lists its own policy only (forced), and may not name another', async () => {
    const own = await s.ok(s.get('/v1/receivables', 'integration', otherPolicyId));
    expect(own.items.map((r: { id: string }) => r.id)).toEqual([ids.other]);
    await s.refused(() => s.get(`/v1/receivables?policyId=${policyId}`, 'integration', otherPolicyId), 403, 'FORBIDDEN');
    await s.refused(() => s.get(`/v1/receivables/${ids.early}`, 'integration', otherPolicyId), 403, 'FORBIDDEN');
  });

  it.each(ROLES.map((role) => [role] as const))('GET /v1/receivables as %s', async (role) => {
    const res = await s.get('/v1/receivables', role, role === 'integration' ? policyId : undefined);
    expect(res.status).toBe(role === 'admin' ? 403 : 200);
  });

  it('refuses bad queries with 400 VALIDATION_FAILED naming the fields (unknown fields, no raw filters)', async () => {
    const cases: [string, string[]][] = [
      ['status=LOST&overdue=maybe', ['overdue', 'status']],
      ['limit=501', ['limit']],
      ['limit=0', ['limit']],
      ['policyId=nope&debtorId=1', ['debtorId', 'policyId']],
      ['where[status]=SETTLED', ['where[status]']],
      ['$where=1', ['$where']],
      ['after=yesterday', ['after']],
      ['cursor=bm90LWEtY3Vyc29y', ['cursor']],
    ];
    for (const [query, fields] of cases) expect(fieldsOf(await s.refused(() => s.get(`/v1/receivables?${query}`), 400, 'VALIDATION_FAILED'))).toEqual(fields);
    await s.refused(() => s.api.http.get('/v1/receivables'), 401, 'UNAUTHENTICATED');
  });

  it('404 for a receivable the view does not hold', async () => {
    await s.refused(() => s.get('/v1/receivables/3f1c3c1e-1d1e-4c59-9f8b-2b1f3b0c8e99'), 404, 'NOT_FOUND');
  });

  describe('read-your-writes', () => {
    it('a GET with after=<position of the write> sees it; without after the answer says how far the view is', async () => {
      const paid = await s.ok(s.act(ids.late, 'payments', { amount: 200_000, receivedAt: s.today, reference: 'part' }));
      const res = await raw(`/v1/receivables/${ids.late}?after=${paid.position}`);
      expect(res.body).toMatchObject({ outstanding: 1_000_000, revision: paid.revision });
      expect(Number(res.headers['x-view-position'])).toBeGreaterThanOrEqual(Number(paid.position));
      const list = await raw(`/v1/receivables?status=SETTLED&after=${paid.position}`);
      expect(list.headers['x-view-position']).toMatch(/^\d+$/);
      expect((await raw('/v1/receivables?limit=1')).headers['x-view-position']).toMatch(/^\d+$/);
    });

    it('after= waits for a view that is behind; without it the view answers with what it has and its position', async () => {
      const projector = s.api.app.get<Projector>(PROJECTOR);
      await projector.stop(); // the views stop following the log
      try {
        const registered = await s.requested(policyId, debtorId, { amount: 100_000, dueDate: '2026-04-15' });
        const stale = await raw(`/v1/receivables/${registered.id}`);
        expect(stale.status).toBe(404); // not in the view yet
        expect(Number(stale.headers['x-view-position'])).toBeLessThan(Number(registered.position));
        const waiting = raw(`/v1/receivables/${registered.id}?after=${registered.position}`).then((r) => r);
        setTimeout(() => void projector.start(), 300);
        const fresh = await waiting;
        expect(fresh.status).toBe(200);
        expect(fresh.body).toMatchObject({ id: registered.id, status: registered.status });
        expect(Number(fresh.headers['x-view-position'])).toBeGreaterThanOrEqual(Number(registered.position));
      } finally {
        await projector.start();
      }
    });
  });
});

describe('admin: projections', () => {
  let s: ReceivableScenario;

  beforeAll(async () => {
    s = await ReceivableScenario.start('2026-01-05');
    const policyId = await s.policy();
    const debtorId = await s.debtor();
    await s.shipped(policyId, debtorId, { amount: 500_000 });
  });
  afterAll(() => s.close());

  const status = async (name: string) => ((await s.ok(s.get('/v1/admin/projections', 'admin'))).items as { name: string; generation?: number; status: string; checkpoint?: string }[]).find((p) => p.name === name);

  it('GET /v1/admin/projections lists every projection with its checkpoint, lag and status (admin only)', async () => {
    const { items } = await s.ok(s.get('/v1/admin/projections', 'admin'));
    const names = items.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['receivables', 'credit-exposure', 'policy-premiums']));
    expect(items.find((p: { name: string }) => p.name === 'receivables')).toMatchObject({ version: 1, generation: expect.any(Number), status: expect.stringMatching(/live|catching-up/), lag: { events: expect.any(Number), seconds: expect.any(Number) } });
    for (const role of ROLES.filter((r) => r !== 'admin')) await s.refused(() => s.get('/v1/admin/projections', role, SOME_POLICY), 403, 'FORBIDDEN');
  });

  it('POST /v1/admin/projections/:name/rebuild answers 202 and swaps in a new generation holding the same documents once caught up', async () => {
    const before = await status('receivables');
    const list = async () => (await s.ok(s.get('/v1/receivables'))).items;
    const docs = await list();
    const res = await s.post('/v1/admin/projections/receivables/rebuild', {}, 'admin');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ name: 'receivables', status: 'rebuilding' });
    for (const start = Date.now(); (await status('receivables'))?.generation === before?.generation; ) {
      if (Date.now() - start > 10_000) throw new Error('the rebuild did not finish');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await status('receivables'))?.generation).toBeGreaterThan(before!.generation!);
    expect(await list()).toEqual(docs);
  });

  it('refuses an unknown projection (404) and every other role (403)', async () => {
    await s.refused(() => s.post('/v1/admin/projections/nope/rebuild', {}, 'admin'), 404, 'NOT_FOUND');
    for (const role of ROLES.filter((r) => r !== 'admin')) await s.refused(() => s.post('/v1/admin/projections/receivables/rebuild', {}, role, SOME_POLICY), 403, 'FORBIDDEN');
  });
});
