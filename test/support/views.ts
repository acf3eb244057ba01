import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PROJECTOR, Projector } from '@tc/projector';
import { READ_STORE, ReadStore, ViewDocument } from '@tc/readstore';
import { Scenario } from './scenario';
import { TestApi } from './test-app';

/** The views queries read now (those with an active generation), from the embedded read store's catalogue. */
export function activeViews(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'views.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT view FROM _views WHERE active IS NOT NULL ORDER BY view').pluck().all() as string[]).filter((view) => !view.startsWith('_'));
  } finally {
    db.close();
  }
}

/** Every document of every active view, by view then id: what a determinism check compares. */
export async function dumpViews(api: TestApi): Promise<Record<string, ViewDocument[]>> {
  const store = api.app.get<ReadStore>(READ_STORE);
  const dump: Record<string, ViewDocument[]> = {};
  for (const view of activeViews(api.dataDir)) {
    const docs: ViewDocument[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.find(view, { limit: 500, cursor });
      docs.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    dump[view] = docs;
  }
  return dump;
}

/**
 * Waits until nothing more is appended (processes react to events a moment after the request
 * that caused them) and every projection has reached the head of the log.
 */
export async function settle(api: TestApi, timeoutMs = 15_000): Promise<void> {
  const projector = api.app.get<Projector>(PROJECTOR);
  const started = Date.now();
  for (let previous: string | undefined = undefined; ; ) {
    const head = await api.store.headPosition();
    if (head !== undefined) {
      const { reached } = await projector.waitFor(head, { timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)) });
      if (!reached) throw new Error(`the projections did not reach ${head}`);
    }
    if (head === previous) return;
    previous = head;
    await new Promise((resolve) => setTimeout(resolve, 150));
    if (Date.now() - started > timeoutMs) throw new Error('the log kept growing');
  }
}

type Status = { name: string; generation?: number; status: string; checkpoint?: string };

/** Rebuilds every projection through the admin route (202 each) and waits until each new generation is swapped in and live. */
export async function rebuildAll(s: Scenario, timeoutMs = 30_000): Promise<string[]> {
  const statuses = async () => (await s.ok(s.get('/v1/admin/projections', 'admin'))).items as Status[];
  const before = await statuses();
  for (const { name } of before) {
    const res = await s.post(`/v1/admin/projections/${name}/rebuild`, {}, 'admin');
    if (res.status !== 202) throw new Error(`rebuild of ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const generation = new Map(before.map((p) => [p.name, p.generation ?? 0]));
  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 25))) {
    const now = await statuses();
    if (now.every((p) => (p.generation ?? 0) > (generation.get(p.name) ?? 0) && p.status === 'live')) break;
    if (Date.now() - started > timeoutMs) throw new Error(`rebuilds did not finish: ${JSON.stringify(now)}`);
  }
  await settle(s.api);
  return before.map((p) => p.name);
}
