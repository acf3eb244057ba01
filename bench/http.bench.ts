import { ChildProcess, fork, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Bench, Figure, UsageError, freePort, withTempDir } from './lib/bench';
import { mintToken, SeedPlan } from './http/command-mix';
import { summarize } from './http/cpu-profile';
import { GeneratorMessage, GeneratorRequest, LoadResult } from './http/load-generator';

/**
 * `npm run bench -- http [--seconds 20] [--connections 32] [--warmup 3] [--rate N] [--cpu-prof [file]]`
 *
 * End to end, each server in its own process and the load generator in another:
 * 1. the ceiling — a bare NestJS + Fastify app with the same validation that appends one
 *    event to a minimal better-sqlite3 table per request (bench/http/ceiling-app.ts);
 * 2. the API as `npm start` runs it (fresh DATA_DIR, embedded stores, projector in process,
 *    LOG_LEVEL=warn), seeded through HTTP, then driven with the receivable command mix
 *    (bench/http/command-mix.ts) while the projections' lag is sampled; after the load, the
 *    time until every projection's lag is back under 1 s.
 * Both get the same generator, concurrency, warm-up and measured duration. `--rate N` paces
 * both at N requests/s instead of as fast as they answer (to compare CPU per request at equal
 * load: the projector's batches, and so its cost per event, depend on the rate). With --cpu-prof
 * the API's measured window is profiled into a .cpuprofile and its hottest functions printed.
 */
const DIST = resolve(__dirname, '..');
const API_MAIN = join(DIST, 'apps/api/src/main.js');
const CEILING_MAIN = join(__dirname, 'http/ceiling-app.js');
const GENERATOR_MAIN = join(__dirname, 'http/load-generator.js');
const PROFILE_PRELOAD = join(__dirname, 'http/cpu-profile-preload.js');
const LAG_SAMPLE_MS = 500;
const RECOVERY_POLL_MS = 50;
const LAG_TARGET_SECONDS = 1;

interface ProjectionRow {
  readonly name: string;
  readonly status: string;
  readonly checkpoint?: string;
  readonly lag: { readonly events: number; readonly seconds: number };
}

export const bench: Bench = {
  description: 'end to end over HTTP: the command mix against the API vs a bare NestJS + SQLite ceiling',
  async run({ flags, progress }) {
    const seconds = flags.number('seconds', 20);
    const connections = flags.number('connections', 32);
    const warmupSeconds = flags.number('warmup', 3);
    const profileFile = flags.has('cpu-prof') ? resolve(profileFileFlag()) : undefined;
    const rate = flags.has('rate') ? flags.number('rate', 1) : undefined;
    const load = { connections, warmupSeconds, seconds, ...(rate && { rate }) };

    progress(`ceiling: bare NestJS + Fastify + better-sqlite3, ${connections} connections, ${warmupSeconds} s warm-up + ${seconds} s${rate ? `, paced at ${rate} req/s` : ''}`);
    const ceiling = await withTempDir(async (dir) => {
      const server = await startServer('ceiling', process.execPath, [CEILING_MAIN], dir, {}, /ceiling listening/);
      try {
        return await withGenerator(progress, async (generator) => {
          let cpuFrom: number | undefined;
          const result = await generator.load({ type: 'load', mix: 'ceiling', port: server.port, ...load }, () => void (cpuFrom = server.cpuSeconds()));
          return { ...result, cpuMsPerRequest: cpuPerRequest(cpuFrom, server.cpuSeconds(), result.requests) };
        });
      } finally {
        await server.stop();
      }
    });
    progress(`ceiling: ${describe(ceiling)}`);

    progress(`api: node ${API_MAIN.slice(DIST.length + 1)} (embedded stores, LOG_LEVEL=warn)`);
    const api = await withTempDir(async (dir) => {
      const secret = randomBytes(32).toString('hex');
      const env = { JWT_SECRET: secret, LOG_LEVEL: 'warn', ...(profileFile && { BENCH_CPU_PROFILE: profileFile }) };
      const server = await startServer('api', process.execPath, [...(profileFile ? ['-r', PROFILE_PRELOAD] : []), API_MAIN], dir, env, /listening on/);
      try {
        const admin = new AdminClient(server.port, mintToken({ sub: 'bench-admin', role: 'admin' }, secret));
        return await withGenerator(progress, async (generator) => {
          const n = warmupSeconds + seconds;
          const plan: SeedPlan = {
            policies: 4,
            healthyDebtors: 24,
            insolventDebtors: 6,
            receivables: { requested: 10 * n, granted: 10 * n, payable: 20 * n, overdue: 60 * n, claimable: 80 * n },
          };
          const seedStart = Date.now();
          progress('api: seeding through HTTP…');
          await generator.seed({ type: 'seed', port: server.port, secret, plan, connections });
          await admin.settled();
          progress(`api: seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s, projections caught up`);
          const positionBefore = await admin.headCheckpoint();
          const lagDuring = { seconds: 0, events: 0 };
          let sampling: Promise<void> | undefined;
          let measuring = false;
          let cpuFrom: number | undefined;
          const loaded = await generator.load({ type: 'load', mix: 'commands', port: server.port, ...load }, async () => {
            measuring = true;
            cpuFrom = server.cpuSeconds();
            if (profileFile) await server.profile('start');
            sampling = (async () => {
              while (measuring) {
                const rows = await admin.projections();
                lagDuring.seconds = Math.max(lagDuring.seconds, ...rows.map((r) => r.lag.seconds));
                lagDuring.events = Math.max(lagDuring.events, ...rows.map((r) => r.lag.events));
                await sleep(LAG_SAMPLE_MS);
              }
            })();
          });
          const loadEnded = performance.now();
          const result = { ...loaded, cpuMsPerRequest: cpuPerRequest(cpuFrom, server.cpuSeconds(), loaded.requests) };
          measuring = false;
          if (profileFile) await server.profile('stop');
          await sampling;
          const recovery = await admin.recovery(loadEnded);
          const positionAfter = await admin.headCheckpoint();
          return { result, lagDuring, recovery, events: positionAfter - positionBefore };
        });
      } finally {
        await server.stop();
        if (server.warnings.length > 0) progress(`api: ${server.warnings.length} log lines at warn or above, e.g.\n  ${server.warnings.slice(0, 3).join('\n  ')}`);
      }
    });
    progress(`api: ${describe(api.result)}`);
    progress(`api: by op and status: ${JSON.stringify(api.result.byOpAndStatus)}`);
    progress(`api: pools left: ${JSON.stringify(api.result.pools)}`);
    for (const example of api.result.examples) progress(`api: unexpected: ${example}`);
    if (profileFile) progress([`api: CPU profile of the measured window in ${profileFile}`, ...summarize(JSON.parse(readFileSync(profileFile, 'utf8')), 30)].join('\n'));

    return figures(api.result, ceiling, api, connections);
  },
};

type Measured = LoadResult & { readonly cpuMsPerRequest?: number };

const cpuPerRequest = (from: number | undefined, to: number | undefined, requests: number) => (from === undefined || to === undefined ? undefined : ((to - from) * 1000) / requests);

function figures(mix: Measured, ceiling: Measured, api: { lagDuring: { seconds: number; events: number }; recovery: { underTarget: number; caughtUp: number }; events: number }, connections: number): Figure[] {
  const compared = (metric: string, value: number, baseline: number, unit: string): Figure => ({ metric, value, unit, baseline, ratio: value / baseline });
  const count = (map: Record<string, number>, test: (status: number) => boolean) => Object.entries(map).reduce((sum, [status, n]) => sum + (test(Number(status)) ? n : 0), 0);
  const byStatus = Object.entries(mix.byStatus)
    .filter(([status]) => Number(status) >= 300 || Number(status) === 0)
    .map(([status, n]): Figure => {
      const intentional = mix.intentional[status] ?? 0;
      return { metric: `  responses ${status === '0' ? 'failed (no HTTP status)' : status}${intentional === n ? ' (intentional)' : intentional > 0 ? ` (${intentional} intentional)` : ''}`, value: n, unit: 'responses' };
    });
  return [
    compared(`command mix: requests/s (${connections} connections) vs ceiling`, mix.requestsPerSecond, ceiling.requestsPerSecond, 'req/s'),
    compared('command mix: p50 latency vs ceiling', mix.latencyMs.p50, ceiling.latencyMs.p50, 'ms'),
    compared('command mix: p99 latency vs ceiling', mix.latencyMs.p99, ceiling.latencyMs.p99, 'ms'),
    ...(mix.cpuMsPerRequest !== undefined && ceiling.cpuMsPerRequest !== undefined
      ? [compared('command mix: server CPU time per request vs ceiling', mix.cpuMsPerRequest * 1000, ceiling.cpuMsPerRequest * 1000, 'µs')]
      : []),
    { metric: 'command mix: requests measured', value: mix.requests, unit: 'requests' },
    { metric: 'command mix: 5xx responses', value: count(mix.byStatus, (s) => s >= 500 || s === 0), unit: 'responses' },
    { metric: 'command mix: unexpected 4xx responses', value: count(mix.unexpected, (s) => s >= 400 && s < 500), unit: 'responses' },
    { metric: 'command mix: intentional 4xx (re-sent invoice 409, unknown field 400)', value: count(mix.intentional, () => true), unit: 'responses' },
    ...byStatus,
    { metric: 'command mix: replays of an Idempotency-Key', value: mix.replayed, unit: 'responses' },
    { metric: 'command mix: events appended per request', value: api.events / Math.max(1, mix.requests), unit: 'events' },
    { metric: 'ceiling: non-2xx responses', value: count(ceiling.byStatus, (s) => s < 200 || s >= 300), unit: 'responses' },
    { metric: 'projection lag during the load (max)', value: api.lagDuring.seconds * 1000, unit: 'ms' },
    { metric: 'projection lag during the load (max)', value: api.lagDuring.events, unit: 'events' },
    { metric: `projection lag back under ${LAG_TARGET_SECONDS} s after the load`, value: api.recovery.underTarget, unit: 'ms' },
    { metric: 'projections caught up (0 events behind) after the load', value: api.recovery.caughtUp, unit: 'ms' },
  ];
}

function describe(result: Measured): string {
  const { p50, p90, p99, max } = result.latencyMs;
  const cpu = result.cpuMsPerRequest === undefined ? '' : `, server CPU ${(result.cpuMsPerRequest * 1000).toFixed(0)} µs/request`;
  return `${result.requestsPerSecond.toFixed(0)} req/s over ${result.seconds.toFixed(1)} s, p50 ${p50.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(0)} ms${cpu}; statuses ${JSON.stringify(result.byStatus)}`;
}

/** `--cpu-prof` alone writes http-api.cpuprofile in the working directory; `--cpu-prof <file>` names it. */
function profileFileFlag(): string {
  const args = process.argv;
  const at = args.findIndex((arg) => arg === '--cpu-prof' || arg.startsWith('--cpu-prof='));
  const given = args[at].includes('=') ? args[at].slice('--cpu-prof='.length) : args[at + 1]?.startsWith('--') === false ? args[at + 1] : 'http-api.cpuprofile';
  if (given === '') throw new UsageError('--cpu-prof=<file> needs a file name');
  return given;
}

/** utime + stime from /proc/<pid>/stat (Linux, in clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Server {
  readonly port: number;
  readonly warnings: string[];
  /** CPU seconds (user + system) the process has used so far; undefined where /proc is not there. */
  cpuSeconds(): number | undefined;
  profile(action: 'start' | 'stop'): Promise<void>;
  stop(): Promise<void>;
}

/** Spawns a server with a fresh DATA_DIR and a free port, and resolves once its stdout shows `ready`. */
async function startServer(name: string, command: string, args: string[], dataDir: string, env: Record<string, string>, ready: RegExp): Promise<Server> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  for (const unset of ['EVENTSTORE_URL', 'MONGODB_URL', 'CLOCK', 'CLOCK_START', 'RUN_BACKGROUND']) delete childEnv[unset];
  const child = spawn(command, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const log = createWriteStream(join(dataDir, `${name}.log`));
  const warnings: string[] = [];
  let output = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    output += chunk.toString('utf8');
    const lines = output.split('\n');
    output = lines.pop() ?? '';
    for (const line of lines) if (/"level":"(warn|error|fatal)"/.test(line) && warnings.length < 1000) warnings.push(line.slice(0, 400));
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await new Promise<void>((done, fail) => {
    let seen = '';
    const check = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (ready.test(seen)) {
        child.stdout!.off('data', check);
        done();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => fail(new Error(`${name} exited (${code}) before it was ready:\n${seen.slice(-2000)}`)));
  });
  return {
    port,
    warnings,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    profile: (action) =>
      new Promise<void>((done) => {
        const expected = action === 'start' ? 'started' : 'written';
        const listener = (message: { profile?: string }) => {
          if (message?.profile !== expected) return;
          child.off('message', listener);
          done();
        };
        child.on('message', listener);
        child.send({ profile: action });
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise((done) => log.end(done));
    },
  };
}

interface Generator {
  seed(request: Extract<GeneratorRequest, { type: 'seed' }>): Promise<void>;
  load(request: Extract<GeneratorRequest, { type: 'load' }>, onMeasuring?: () => void | Promise<void>): Promise<LoadResult>;
}

/** Forks the load generator for the duration of `use`. */
async function withGenerator<T>(progress: (message: string) => void, use: (generator: Generator) => Promise<T>): Promise<T> {
  const child: ChildProcess = fork(GENERATOR_MAIN, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exchange = <R>(request: GeneratorRequest, until: (message: GeneratorMessage) => R | undefined, onMeasuring?: () => void | Promise<void>) =>
    new Promise<R>((done, fail) => {
      const listener = (message: GeneratorMessage) => {
        if (message.type === 'progress') progress(message.message);
        else if (message.type === 'measuring') void onMeasuring?.();
        else if (message.type === 'error') fail(new Error(`load generator: ${message.message}`));
        const result = until(message);
        if (result !== undefined || message.type === 'error') {
          child.off('message', listener);
          if (result !== undefined) done(result);
        }
      };
      child.on('message', listener);
      child.send(request);
    });
  try {
    return await use({
      seed: (request) => exchange(request, (m) => (m.type === 'seeded' ? true : undefined)).then(() => undefined),
      load: (request, onMeasuring) => exchange(request, (m) => (m.type === 'result' ? m.result : undefined), onMeasuring),
    });
  } finally {
    child.kill();
  }
}

/** GET /v1/admin/projections with an admin token, on its own connection. */
class AdminClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private readonly port: number,
    private readonly token: string,
  ) {}

  projections(): Promise<ProjectionRow[]> {
    return new Promise((done, fail) => {
      const request = get({ host: '127.0.0.1', port: this.port, path: '/v1/admin/projections', agent: this.agent, headers: { authorization: `Bearer ${this.token}` } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => (res.statusCode === 200 ? done((JSON.parse(text) as { items: ProjectionRow[] }).items) : fail(new Error(`GET /v1/admin/projections: ${res.statusCode} ${text}`))));
      });
      request.on('error', fail);
    });
  }

  /** Waits until every projection is live with nothing left to apply (twice in a row, half a second apart). */
  async settled(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let quiet = 0; quiet < 2; await sleep(500)) {
      const rows = await this.projections();
      quiet = rows.every((r) => r.status === 'live' && r.lag.events === 0) ? quiet + 1 : 0;
      if (Date.now() > deadline) throw new Error(`projections did not settle: ${JSON.stringify(rows)}`);
    }
  }

  /** Highest checkpoint (the log's head once settled), as a number: SQLite positions are the sequence. */
  async headCheckpoint(): Promise<number> {
    await this.settled();
    return Math.max(0, ...(await this.projections()).map((r) => Number(r.checkpoint ?? 0)));
  }

  /** From `since` (performance.now()): ms until every lag is under the target, and until none is behind at all. */
  async recovery(since: number, timeoutMs = 120_000): Promise<{ underTarget: number; caughtUp: number }> {
    let underTarget: number | undefined;
    for (;;) {
      const rows = await this.projections();
      const elapsed = performance.now() - since;
      if (underTarget === undefined && rows.every((r) => r.lag.seconds < LAG_TARGET_SECONDS)) underTarget = elapsed;
      if (rows.every((r) => r.lag.events === 0)) return { underTarget: underTarget ?? elapsed, caughtUp: elapsed };
      if (elapsed > timeoutMs) throw new Error(`projections still behind ${timeoutMs} ms after the load: ${JSON.stringify(rows)}`);
      await sleep(RECOVERY_POLL_MS);
    }
  }
}
