import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NewEvent } from '../eventstore.port';
import { clientConnectionString } from './esdb-client';
import { EventStoreClosedError, EventStoreConfigError, EventStoreUnavailableError } from './esdb-errors';
import { EsdbEventStore } from './esdb-event-store';
import { EventStoreTimeoutError } from './esdb-timeout';

/**
 * No EventStoreDB server runs here. These tests run the real client against what can be run:
 * a TCP server that accepts connections and never answers (the case where the client itself
 * never gives up), and a port where nothing listens.
 */
const event = (eventId: string = randomUUID()): NewEvent => ({
  type: 'PolicyOpened',
  data: { policyId: 'p-1' },
  metadata: { eventId, actor: { sub: 'u-1', role: 'underwriter' }, correlationId: 'c', causationId: 'c', effectiveDate: '2026-03-01', schemaVersion: 1 },
});

const REPO_ROOT = join(__dirname, '../../../..');

async function until(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  for (const start = Date.now(); !condition(); await sleep(10)) if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
}

/**
 * Runs the adapter in a Node process of its own (TypeScript compiled by swc on the fly, as jest
 * does): an append against the silent server, then close() unless told not to. Reports whether
 * the process exited by itself within `waitMs`; kills it otherwise.
 */
const CHILD = String.raw`
const fs = require('node:fs'), path = require('node:path'), Module = require('node:module'), swc = require('@swc/core');
const root = process.cwd();
const options = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete options.$schema;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@tc/')) { const [, lib, ...sub] = request.split('/'); request = path.join(root, 'libs', lib, 'src', ...sub); }
  return resolve.call(this, request, ...rest);
};
require.extensions['.ts'] = (module, filename) =>
  module._compile(swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename, swcrc: false, sourceMaps: false }).code, filename);
const { EsdbEventStore } = require(path.join(root, 'libs/eventstore/src/esdb/esdb-event-store.ts'));
(async () => {
  const store = await EsdbEventStore.open({ url: process.env.ESDB_URL, timeoutMs: 500 });
  const metadata = { eventId: require('node:crypto').randomUUID(), actor: { sub: 'u', role: 'admin' }, correlationId: 'c', causationId: 'c', effectiveDate: '2026-03-01', schemaVersion: 1 };
  const started = Date.now();
  const error = await store.append('policy-1', [{ type: 'Opened', data: {}, metadata }], 'no_stream').catch((e) => e);
  const elapsed = Date.now() - started;
  if (process.env.CLOSE === 'yes') await store.close();
  process.stdout.write(JSON.stringify({ error: error && error.name, elapsed }) + '\n');
})();
`;

async function runChild(url: string, close: boolean, waitMs: number): Promise<{ exited: boolean; code: number | null; outcome: { error?: string; elapsed: number } }> {
  const child = spawn(process.execPath, ['-e', CHILD], { cwd: REPO_ROOT, env: { ...process.env, ESDB_URL: url, CLOSE: close ? 'yes' : 'no' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null | 'running'>((resolve) => {
    const timer = setTimeout(() => resolve('running'), waitMs);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code === 'running') {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
  }
  const line = stdout.trim().split('\n').pop();
  if (!line) throw new Error(`the child process printed nothing; stderr: ${stderr}`);
  return { exited: code !== 'running', code: code === 'running' ? null : code, outcome: JSON.parse(line) };
}

describe('EsdbEventStore against a server that accepts connections and never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let url: string;
  let accepted = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      accepted++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `esdb://127.0.0.1:${(server.address() as AddressInfo).port}?tls=false`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails an append with its own timeout error within the configured time, and close() does so promptly', async () => {
    const store = await EsdbEventStore.open({ url, timeoutMs: 500 });
    const started = Date.now();
    const error = await store.append('policy-1', [event()], 'no_stream').catch((e: unknown) => e);
    const elapsed = Date.now() - started;

    expect(error).toBeInstanceOf(EventStoreTimeoutError);
    expect(error).toMatchObject({ operation: 'append to policy-1', timeoutMs: 500 });
    expect((error as Error).message).toMatch(/^EventStoreDB did not answer within 500 ms: append to policy-1/);
    expect(elapsed).toBeGreaterThanOrEqual(480);
    expect(elapsed).toBeLessThan(1_500);
    expect(accepted).toBeGreaterThan(0); // the client did connect: the silence is the server's

    const closing = Date.now();
    await store.close();
    expect(Date.now() - closing).toBeLessThan(1_500);
    await expect(store.append('policy-1', [event()], 'no_stream')).rejects.toThrow(EventStoreClosedError);
    await store.close(); // twice is fine
  });

  it('leaves nothing that keeps the process alive once closed (a separate Node process exits by itself)', async () => {
    const closed = await runChild(url, true, 8_000);
    expect(closed.exited).toBe(true);
    expect(closed.code).toBe(0);
    expect(closed.outcome).toMatchObject({ error: 'EventStoreTimeoutError' });
    expect(closed.outcome.elapsed).toBeLessThan(1_500);
    // The control: the same process without close() stays up (the client's dispose() alone would not do either).
    const open = await runChild(url, false, 2_500);
    expect(open.outcome).toMatchObject({ error: 'EventStoreTimeoutError' });
    expect(open.exited).toBe(false);
  });

  it('times out every kind of call, each naming what it was doing', async () => {
    const store = await EsdbEventStore.open({ url, timeoutMs: 300 });
    try {
      const calls: [Promise<unknown>, RegExp][] = [
        [store.append('policy-2', [event()], 3), /read the end of policy-2/],
        [store.append('policy-2', [event()], 'any'), /read the end of policy-2/],
        [store.append('policy-2', [], 'no_stream'), /read the end of policy-2/],
        [store.readStream('policy-2'), /readStream policy-2/],
        [store.readAll({ limit: 10 }), /readAll/],
        [store.headPosition(), /headPosition/],
        [store.verify('policy-2'), /verify policy-2/],
        [store.verifyAll(), /verifyAll/],
      ];
      const started = Date.now();
      const outcomes = await Promise.all(calls.map(([call]) => call.then(() => 'answered', (e: unknown) => e)));
      expect(Date.now() - started).toBeLessThan(1_500);
      outcomes.forEach((outcome, i) => {
        expect(outcome).toBeInstanceOf(EventStoreTimeoutError);
        expect((outcome as EventStoreTimeoutError).operation).toMatch(calls[i][1]);
      });
    } finally {
      await store.close();
    }
  });

  it('keeps a subscription trying with back-off, delivering nothing, until stop()', async () => {
    const drops: unknown[] = [];
    const store = await EsdbEventStore.open({ url, timeoutMs: 150, resubscribe: { initialMs: 20, maxMs: 50 }, onSubscriptionDrop: (error) => drops.push(error) });
    const delivered: unknown[] = [];
    const errors: unknown[] = [];
    const subscription = store.subscribe({ handler: (e) => void delivered.push(e), onError: (e) => errors.push(e) });
    await until(() => drops.length >= 2, 'two drops');
    expect(drops[0]).toBeInstanceOf(EventStoreTimeoutError);
    const stopping = Date.now();
    await subscription.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000);
    await expect(subscription.caughtUp).rejects.toThrow(/stopped before it caught up/);
    expect(delivered).toEqual([]);
    expect(errors).toEqual([]);
    await store.close();
  });

  it('close() stops running subscriptions and fails the calls still waiting', async () => {
    const store = await EsdbEventStore.open({ url, timeoutMs: 10_000 });
    const subscription = store.subscribe({ handler: () => undefined, onError: () => undefined });
    const waiting = store.readStream('policy-3').catch((e: unknown) => e);
    await sleep(50);
    const closing = Date.now();
    await store.close();
    expect(Date.now() - closing).toBeLessThan(1_500);
    expect(await waiting).toBeInstanceOf(EventStoreClosedError);
    await subscription.stop();
  });

  it('fails the start-up check within its own timeout, with a message saying what to check', async () => {
    const started = Date.now();
    const error = await EsdbEventStore.connect({ url, connectTimeoutMs: 400 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as Error).message).toBe(
      'EventStoreDB is not reachable: no answer within 400 ms to a read of $all (check the host and port, and that tls= in the connection string matches the server)',
    );
  });

  it('refuses malformed appends before sending anything', async () => {
    const store = await EsdbEventStore.open({ url, timeoutMs: 5_000 });
    try {
      const started = Date.now();
      await expect(store.append('policy-4', [event('not-a-uuid')], 'no_stream')).rejects.toThrow(/must be a UUID/);
      await expect(store.append('policy-4', [{ ...event(), type: '$system' }], 'no_stream')).rejects.toThrow(/starting with \$/);
      await expect(store.append('$settings', [event()], 'any')).rejects.toThrow(/system streams/);
      await expect(store.append('policy-4', [event()], -1)).rejects.toThrow(RangeError);
      const twice = event();
      await expect(store.append('policy-4', [twice, twice], 'no_stream')).rejects.toThrow(/same event id twice/);
      expect(() => store.subscribe({ after: '42', handler: () => undefined })).toThrow(/not an EventStoreDB event store position/);
      await expect(store.readAll({ after: 'C:1/P:x' })).rejects.toThrow(/not an EventStoreDB event store position/);
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      await store.close();
    }
  });
});

describe('EsdbEventStore connection strings and unreachable servers', () => {
  it('fails the start-up check at once when nothing listens on the port', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));

    const started = Date.now();
    const error = await EsdbEventStore.connect({ url: `esdb://127.0.0.1:${port}?tls=false`, connectTimeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as Error).message).toMatch(/^EventStoreDB is not reachable: /);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a malformed connection string without repeating it, since it may hold a password', async () => {
    const error = await EsdbEventStore.open({ url: 'esdb://admin:s3cret@localhost:port?tls=false' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreConfigError);
    expect((error as Error).message).toMatch(/^the EventStoreDB connection string is not valid: expected port number at character \d+$/);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('reads kurrentdb:// as esdb://, the same protocol under its new name', () => {
    expect(clientConnectionString('kurrentdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
    expect(clientConnectionString('kurrentdb+discover://cluster.local:2113')).toBe('esdb+discover://cluster.local:2113');
    expect(clientConnectionString('esdb://localhost:2113')).toBe('esdb://localhost:2113');
  });
});
