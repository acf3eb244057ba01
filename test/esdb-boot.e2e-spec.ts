import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApi } from './support/test-app';

/** A TCP server that accepts connections and never answers: a database that hangs. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * With EVENTSTORE_URL set the API builds the EventStoreDB adapter and reads $all once while it
 * boots: a server that is down, silent, or a URL that cannot be parsed stops the start within
 * seconds with a message that says which setting to look at (and never repeats the URL, which
 * may hold a password).
 */
describe('API boot with EVENTSTORE_URL', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let dataDir: string;

  beforeAll(async () => (silent = await silentServer()));
  afterAll(() => silent.close());
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'tc-esdb-boot-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const boot = async (url: string) => {
    const started = Date.now();
    const error = await startTestApi({ DATA_DIR: dataDir, EVENTSTORE_URL: url }).then(
      async (api) => {
        await api.close();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    return { error, seconds: (Date.now() - started) / 1000 };
  };

  it('fails the start within seconds when the server accepts connections but never answers', async () => {
    const { error, seconds } = await boot(`esdb://127.0.0.1:${silent.port}?tls=false`);
    expect(error?.message).toBe(
      'EVENTSTORE_URL: EventStoreDB is not reachable: no answer within 3000 ms to a read of $all (check the host and port, and that tls= in the connection string matches the server)',
    );
    expect(seconds).toBeGreaterThanOrEqual(2.9);
    expect(seconds).toBeLessThan(6);
  });

  it('fails the start at once when nothing listens at the address', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));

    const { error, seconds } = await boot(`esdb://127.0.0.1:${closedPort}?tls=false`);
    expect(error?.message).toMatch(/^EVENTSTORE_URL: EventStoreDB is not reachable: /);
    expect(seconds).toBeLessThan(4);
  });

  it('refuses a URL the client cannot parse, without repeating it', async () => {
    const { error, seconds } = await boot('esdb://admin:s3cret@127.0.0.1:port?tls=false');
    expect(error?.message).toMatch(/^EVENTSTORE_URL: the EventStoreDB connection string is not valid: expected port number at character \d+$/);
    expect(error?.message).not.toContain('s3cret');
    expect(seconds).toBeLessThan(4);
  });
});

describe('API boot with MONGODB_URL', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let dataDir: string;

  beforeAll(async () => {
    silent = await silentServer();
    dataDir = mkdtempSync(join(tmpdir(), 'tc-mongo-boot-'));
  });
  afterAll(async () => {
    await silent.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails the start within seconds, with a clear error, when MongoDB does not answer', async () => {
    const started = Date.now();
    const url = `mongodb://127.0.0.1:${silent.port}/?directConnection=true`;
    const error = await startTestApi({ DATA_DIR: dataDir, MONGODB_URL: url }).then(
      async (api) => {
        await api.close();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    const seconds = (Date.now() - started) / 1000;
    expect(error).toBeInstanceOf(Error);
    expect(error?.name).toMatch(/Mongo/);
    expect(seconds).toBeLessThan(10);
  });
});
