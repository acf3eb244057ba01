import { randomUUID } from 'node:crypto';
import { HttpClient } from './client';
import { CommandMix, SeedPlan, StepResult } from './command-mix';

/**
 * The load generator of `npm run bench -- http`, in its own process (forked by the bench,
 * driven over IPC) so that its CPU never counts against the server's event loop. Each of
 * `connections` workers sends one request at a time over a keep-alive socket: the
 * concurrency is exactly the number of connections.
 */

export type GeneratorRequest =
  | { readonly type: 'seed'; readonly port: number; readonly secret: string; readonly plan: SeedPlan; readonly connections: number }
  | {
      readonly type: 'load';
      readonly mix: 'commands' | 'ceiling';
      readonly port: number;
      readonly connections: number;
      readonly warmupSeconds: number;
      readonly seconds: number;
      /** Requests per second over all connections; absent: each connection sends as fast as it is answered. */
      readonly rate?: number;
    };

export type GeneratorMessage =
  | { readonly type: 'progress'; readonly message: string }
  | { readonly type: 'seeded' }
  | { readonly type: 'measuring' }
  | { readonly type: 'result'; readonly result: LoadResult }
  | { readonly type: 'error'; readonly message: string };

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  /** Every status seen, by op: `register 201`. */
  readonly byOpAndStatus: Record<string, number>;
  readonly byStatus: Record<string, number>;
  readonly intentional: Record<string, number>;
  readonly unexpected: Record<string, number>;
  readonly replayed: number;
  readonly examples: string[];
  readonly pools?: Record<string, number>;
}

interface Mix {
  step(): Promise<StepResult>;
}

/** The ceiling's one route: a payment on one of a thousand receivables. */
class CeilingMix implements Mix {
  private readonly ids = Array.from({ length: 1_000 }, () => randomUUID());
  private sequence = 0;

  constructor(private readonly http: HttpClient) {}

  async step(): Promise<StepResult> {
    const id = this.ids[Math.floor(Math.random() * this.ids.length)];
    const body = { amount: 1 + Math.floor(Math.random() * 1_000_000), receivedAt: new Date().toISOString().slice(0, 10), reference: `bank transfer ${++this.sequence}` };
    const reply = await this.http.send('POST', `/v1/receivables/${id}/payments`, body, { 'idempotency-key': randomUUID() });
    const ok = reply.status === 200;
    return { op: 'pay', status: reply.status, verdict: ok ? 'ok' : 'unexpected', replayed: false, ...(!ok && { detail: reply.error ?? JSON.stringify(reply.body).slice(0, 300) }) };
  }
}

class Recorder {
  readonly latencies: number[] = [];
  readonly byOpAndStatus: Record<string, number> = {};
  readonly byStatus: Record<string, number> = {};
  readonly intentional: Record<string, number> = {};
  readonly unexpected: Record<string, number> = {};
  readonly examples: string[] = [];
  replayed = 0;

  add(result: StepResult, ms: number): void {
    this.latencies.push(ms);
    const key = `${result.op} ${result.status}`;
    this.byOpAndStatus[key] = (this.byOpAndStatus[key] ?? 0) + 1;
    this.byStatus[result.status] = (this.byStatus[result.status] ?? 0) + 1;
    if (result.replayed) this.replayed++;
    if (result.verdict === 'intentional') this.intentional[result.status] = (this.intentional[result.status] ?? 0) + 1;
    if (result.verdict === 'unexpected') {
      this.unexpected[result.status] = (this.unexpected[result.status] ?? 0) + 1;
      if (this.examples.length < 10) this.examples.push(`${key}: ${result.detail}`);
    }
  }
}

const percentile = (sorted: readonly number[], q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);

let commands: { mix: CommandMix; http: HttpClient } | undefined;

async function seed(request: Extract<GeneratorRequest, { type: 'seed' }>): Promise<void> {
  const http = new HttpClient('127.0.0.1', request.port, request.connections);
  const commandMix = new CommandMix(http, request.secret, randomUUID().slice(0, 8));
  commands = { mix: commandMix, http };
  await commandMix.seed(request.plan, request.connections, (message) => send({ type: 'progress', message }));
}

async function load(request: Extract<GeneratorRequest, { type: 'load' }>): Promise<LoadResult> {
  if (request.mix === 'commands' && !commands) throw new Error('the command mix runs on a seeded API: send "seed" first');
  const http = request.mix === 'ceiling' ? new HttpClient('127.0.0.1', request.port, request.connections) : commands!.http;
  const mix: Mix = request.mix === 'ceiling' ? new CeilingMix(http) : commands!.mix;

  const recorder = new Recorder();
  const start = performance.now();
  const measureFrom = start + request.warmupSeconds * 1000;
  const end = measureFrom + request.seconds * 1000;
  let lastDone = measureFrom;
  let completed = 0;
  let reported = 0;
  const measuring = setTimeout(() => send({ type: 'measuring' }), request.warmupSeconds * 1000);
  const ticker = setInterval(() => {
    const phase = performance.now() < measureFrom ? 'warm-up' : 'measuring';
    send({ type: 'progress', message: `  ${phase}: ${completed - reported} requests/s` });
    reported = completed;
  }, 1000);
  // Paced: each worker sends on its own schedule (connections / rate apart, staggered), never ahead of it.
  const interval = request.rate ? (1000 * request.connections) / request.rate : 0;
  const worker = async (_: unknown, index: number) => {
    let due = start + (interval * index) / request.connections;
    for (let t0 = performance.now(); t0 < end; t0 = performance.now()) {
      if (interval > 0) {
        if (t0 < due) await new Promise((resolve) => setTimeout(resolve, due - t0));
        due += interval;
        t0 = performance.now();
        if (t0 >= end) break;
      }
      const result = await mix.step();
      const t1 = performance.now();
      completed++;
      if (t0 >= measureFrom) {
        recorder.add(result, t1 - t0);
        lastDone = Math.max(lastDone, t1);
      }
    }
  };
  await Promise.all(Array.from({ length: request.connections }, worker));
  clearTimeout(measuring);
  clearInterval(ticker);
  http.close();
  const sorted = Float64Array.from(recorder.latencies).sort();
  const seconds = (lastDone - measureFrom) / 1000;
  return {
    requests: sorted.length,
    seconds,
    requestsPerSecond: sorted.length / seconds,
    latencyMs: { p50: percentile(Array.from(sorted), 0.5), p90: percentile(Array.from(sorted), 0.9), p99: percentile(Array.from(sorted), 0.99), max: sorted[sorted.length - 1] ?? 0 },
    byOpAndStatus: recorder.byOpAndStatus,
    byStatus: recorder.byStatus,
    intentional: recorder.intentional,
    unexpected: recorder.unexpected,
    replayed: recorder.replayed,
    examples: recorder.examples,
    ...(mix instanceof CommandMix && { pools: mix.poolSizes() }),
  };
}

function send(message: GeneratorMessage): void {
  process.send?.(message);
}

process.on('message', (request: GeneratorRequest) => {
  const work = request.type === 'seed' ? seed(request).then(() => send({ type: 'seeded' })) : load(request).then((result) => send({ type: 'result', result }));
  work.catch((error: unknown) => send({ type: 'error', message: (error as Error)?.stack ?? String(error) }));
});
