import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore } from '@tc/eventstore';
import { createLogger, loadConfig, signJwt } from '@tc/platform';
import { PROJECTOR, Projector, ProjectionStatus } from '@tc/projector';
import { createApi } from '../apps/api/src/create-api';
import { SeedReport, formatSeconds, seedDataDir } from '../apps/cli/src/seed';
import { Bench, Figure, UsageError, freePort, withTempDir } from './lib/bench';

const SECRET = 'bench-secret-bench-secret-bench-secret';
/** A fixed today: the portfolio, and so the figures, do not change with the day the bench runs. */
const TODAY = '2026-06-30';
const WARM_UP = 100;

/** The read side's targets on the embedded store (issue "Read side"). */
const TARGETS = { rebuildEventsPerSecond: 50_000, dashboardP99Ms: 20, listP99Ms: 30 };

/**
 * `npm run bench -- projections [--receivables N] [--requests R] [--seed S] [--cache]`: a
 * generated portfolio (the seed command's, written through the API), then a blue/green
 * rebuild of every projection through the admin route, one after the other (events/s over
 * the events each one read), then the latency of the dashboards and of filtered lists
 * through the real HTTP stack in-process. `--cache` keeps the portfolio in the temporary
 * directory and reuses it on the next run with the same size and seed.
 */
export const bench: Bench = {
  description: 'projection rebuild rate and read latency over a generated portfolio',
  async run({ flags, progress }) {
    const receivables = flags.number('receivables', 200_000);
    const requests = flags.number('requests', 300);
    const seed = flags.number('seed', 1);
    if (receivables < 200) throw new UsageError('--receivables: at least 200, so that every status and dashboard has content');
    const measure = (dir: string, seeded: SeedReport | undefined) => measureDir(dir, seeded, requests, progress);
    if (!flags.has('cache')) return withTempDir(async (dir) => measure(dir, await seedInto(dir, receivables, seed, progress)));
    const dir = join(tmpdir(), `tc-bench-portfolio-${receivables}-s${seed}`);
    const marker = join(dir, 'seed-report.json');
    if (existsSync(marker)) {
      progress(`reusing the portfolio in ${dir} (--cache); its seed figures are those of the run that wrote it`);
      return measure(dir, JSON.parse(readFileSync(marker, 'utf8')) as SeedReport);
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const report = await seedInto(dir, receivables, seed, progress);
    writeFileSync(marker, JSON.stringify(report, null, 2));
    return measure(dir, report);
  },
};

async function seedInto(dir: string, receivables: number, seed: number, progress: (line: string) => void): Promise<SeedReport> {
  progress(`seeding ${receivables.toLocaleString('en-US')} receivables into ${dir}…`);
  const { report } = await seedDataDir({ env: { DATA_DIR: dir, JWT_SECRET: SECRET, LOG_LEVEL: 'silent' }, receivables, seed, today: TODAY, progress });
  progress(`seeded in ${formatSeconds(report.seconds)}: ${report.events.toLocaleString('en-US')} events, RSS ${report.rssMb} MB`);
  if (report.refusals.length > 0) throw new Error(`the seed was refused: ${JSON.stringify(report.refusals)}`);
  return report;
}

async function measureDir(dir: string, seeded: SeedReport | undefined, requests: number, progress: (line: string) => void): Promise<Figure[]> {
  const config = loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET, CLOCK: 'manual', CLOCK_START: `${TODAY}T18:00:00Z`, LOG_LEVEL: 'silent' });
  const app = await createApi(config, createLogger(config));
  await app.init();
  try {
    const head = await app.get<EventStore>(EVENT_STORE).headPosition();
    if (head === undefined) throw new Error(`no events in ${dir}`);
    await app.get<Projector>(PROJECTOR).waitFor(head, { timeoutMs: 30 * 60_000 });
    const http = client(app);
    const figures: Figure[] = [];
    if (seeded) {
      figures.push(
        { metric: `seed ${seeded.receivables.toLocaleString('en-US')} receivables through the API (${seeded.events.toLocaleString('en-US')} events)`, value: seeded.seconds, unit: 's' },
        { metric: 'seed rate', value: seeded.receivables / seeded.seconds, unit: 'receivables/s' },
        { metric: 'RSS after seeding', value: seeded.rssMb, unit: 'MB' },
      );
    }
    figures.push(...(await rebuildAll(http, Number(head), progress)));
    figures.push(...(await latencies(http, requests, progress)));
    await app.close();
    figures.push(...(await apiProcess(dir, requests, progress)));
    return figures;
  } finally {
    await app.close();
  }
}

// ---- the API as `npm start` runs it, on the seeded data

const API_MAIN = join(__dirname, '..', 'apps/api/src/main.js');

/**
 * The API in its own process on the portfolio (no seed or bench code in it): how long it takes
 * to start, the read latencies over real HTTP, and its resident memory once it served them.
 */
async function apiProcess(dir: string, requests: number, progress: (line: string) => void): Promise<Figure[]> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: SECRET, CLOCK: 'manual', CLOCK_START: `${TODAY}T18:00:00Z`, LOG_LEVEL: 'warn' };
  for (const unset of ['EVENTSTORE_URL', 'MONGODB_URL', 'RUN_BACKGROUND']) delete env[unset];
  progress(`the API in its own process (node ${API_MAIN.slice(join(__dirname, '..').length + 1)}) on ${dir}…`);
  const started = performance.now();
  const child = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await new Promise<void>((done, fail) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        if (/listening on/.test(seen)) done();
      });
      child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString('utf8')));
      void exited.then(() => fail(new Error(`the API exited before it listened:\n${seen.slice(-2000)}`)));
    });
    const startSeconds = (performance.now() - started) / 1000;
    const http = fetchClient(`http://127.0.0.1:${port}`);
    // Measured once settled: every projection live and at the head, as a user finds it after a seed.
    for (let settled = false; !settled; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const statuses = (await http('GET', '/v1/admin/projections', 'admin')).items as ProjectionStatus[];
      settled = statuses.every((status) => status.status === 'live' && status.lag.events === 0);
    }
    const figures = await latencies(http, requests, progress, 'API process: ');
    const rssMb = residentMb(child.pid as number);
    return [{ metric: 'API process: start on the portfolio until it listens', value: startSeconds, unit: 's' }, ...figures, { metric: 'API process: RSS after serving these requests', value: rssMb, unit: 'MB' }];
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function residentMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? NaN) / 1024);
}

function fetchClient(base: string): Http {
  const tokens = { admin: signJwt({ sub: 'bench', role: 'admin' }, SECRET, 24 * 3600), analyst: signJwt({ sub: 'bench', role: 'analyst' }, SECRET, 24 * 3600) };
  return async (method, url, role) => {
    const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${tokens[role]}` } });
    const body = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${body}`);
    return JSON.parse(body) as Record<string, unknown>;
  };
}

// ---- rebuilds

async function rebuildAll(http: Http, logEvents: number, progress: (line: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  const statuses = async () => (await http('GET', '/v1/admin/projections', 'admin')).items as ProjectionStatus[];
  let events = 0;
  let seconds = 0;
  for (const { name, generation } of await statuses()) {
    progress(`rebuilding ${name} over ${logEvents.toLocaleString('en-US')} events in the log…`);
    const started = performance.now();
    await http('POST', `/v1/admin/projections/${name}/rebuild`, 'admin');
    let done: ProjectionStatus | undefined;
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const status = (await statuses()).find((p) => p.name === name) as ProjectionStatus;
      if (status.status === 'failed') throw new Error(`rebuild of ${name} failed: ${status.error}`);
      if ((status.generation ?? 0) > (generation ?? 0) && status.status === 'live' && status.lastRebuild?.done) done = status;
    }
    const wall = (performance.now() - started) / 1000;
    const read = done.lastRebuild?.events ?? 0;
    events += read;
    seconds += wall;
    progress(`  ${name}: ${read.toLocaleString('en-US')} events in ${wall.toFixed(2)} s`);
    figures.push({ metric: `rebuild ${name} (${read.toLocaleString('en-US')} events)`, value: read / wall, unit: 'events/s' });
  }
  figures.push({ metric: `rebuild of every projection, one after the other (${events.toLocaleString('en-US')} events, ${seconds.toFixed(1)} s)`, value: events / seconds, unit: 'events/s', baseline: TARGETS.rebuildEventsPerSecond, ratio: events / seconds / TARGETS.rebuildEventsPerSecond });
  return figures;
}

// ---- latencies

async function latencies(http: Http, requests: number, progress: (line: string) => void, label = ''): Promise<Figure[]> {
  // The busiest policy and debtor among overdue receivables: the filtered lists that matter most.
  const overdue = (await http('GET', '/v1/receivables?status=OVERDUE&limit=500', 'analyst')).items as { policyId: string; debtorId: string }[];
  if (overdue.length === 0) throw new Error('no overdue receivable in the portfolio');
  const policyId = mostFrequent(overdue.map((r) => r.policyId));
  const debtorId = mostFrequent(overdue.map((r) => r.debtorId));
  const endpoints: [string, string, number][] = [
    ['GET /v1/dashboards/portfolio', '/v1/dashboards/portfolio', TARGETS.dashboardP99Ms],
    ['GET /v1/dashboards/exposure?groupBy=sector', '/v1/dashboards/exposure?groupBy=sector', TARGETS.dashboardP99Ms],
    ['GET /v1/receivables?status=OVERDUE&policyId=…&limit=50', `/v1/receivables?status=OVERDUE&policyId=${policyId}&limit=50`, TARGETS.listP99Ms],
    ['GET /v1/receivables?status=OVERDUE&debtorId=…&limit=50', `/v1/receivables?status=OVERDUE&debtorId=${debtorId}&limit=50`, TARGETS.listP99Ms],
  ];
  const figures: Figure[] = [];
  for (const [endpoint, url, target] of endpoints) {
    progress(`${label}${endpoint}: ${WARM_UP} warm-up requests, then ${requests}…`);
    for (let i = 0; i < WARM_UP; i++) await http('GET', url, 'analyst');
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      await http('GET', url, 'analyst');
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
    figures.push({ metric: `${label}${endpoint} p50`, value: at(0.5), unit: 'ms' }, { metric: `${label}${endpoint} p99 (target ≤ ${target} ms)`, value: at(0.99), unit: 'ms', baseline: target, ratio: at(0.99) / target });
  }
  return figures;
}

function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

type Http = (method: 'GET' | 'POST', url: string, role: 'admin' | 'analyst') => Promise<Record<string, unknown>>;

function client(app: NestFastifyApplication): Http {
  const fastify = app.getHttpAdapter().getInstance();
  const tokens = { admin: signJwt({ sub: 'bench', role: 'admin' }, SECRET, 24 * 3600), analyst: signJwt({ sub: 'bench', role: 'analyst' }, SECRET, 24 * 3600) };
  return async (method, url, role) => {
    const res = await fastify.inject({ method, url, headers: { authorization: `Bearer ${tokens[role]}` } });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown>;
  };
}
