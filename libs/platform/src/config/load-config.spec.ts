import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './app-config';
import { loadConfig } from './load-config';

const SECRET = 's'.repeat(32);

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'tc-config-')), 'data');
  });

  it('applies the documented defaults', () => {
    const config = loadConfig({ JWT_SECRET: SECRET });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info', clock: 'system', jwtSecretGenerated: false, runBackground: true });
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
    expect(config.eventStoreUrl).toBeUndefined();
    expect(config.mongodbUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      MONGODB_URL: 'mongodb+srv://cluster.example',
      LOG_LEVEL: 'silent',
      CLOCK: 'manual',
      CLOCK_START: '2025-03-01',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir,
      jwtSecret: SECRET,
      eventStoreUrl: 'esdb://localhost:2113?tls=false',
      mongodbUrl: 'mongodb+srv://cluster.example',
      logLevel: 'silent',
      clock: 'manual',
    });
    expect(config.clockStart.toISOString()).toBe('2025-03-01T00:00:00.000Z');
  });

  it.each([
    [{}, true],
    [{ EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }, false],
    [{ MONGODB_URL: 'mongodb://localhost:27017' }, false],
    [{ RUN_BACKGROUND: 'auto', MONGODB_URL: 'mongodb://localhost:27017' }, false],
    [{ RUN_BACKGROUND: 'true', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', MONGODB_URL: 'mongodb://localhost:27017' }, true],
    [{ RUN_BACKGROUND: 'false' }, false],
  ])('runs the background work in the API with %j: %s (auto: only on the embedded stores)', (env, runBackground) => {
    expect(loadConfig({ JWT_SECRET: SECRET, ...env }).runBackground).toBe(runBackground);
  });

  it('treats an empty assignment as unset', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, PORT: '', LOG_LEVEL: ' ' })).toMatchObject({ port: 3000, logLevel: 'info' });
  });

  it.each([
    [{ PORT: 'http' }, 'PORT must be an integer from 0 to 65535 (got "http")'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535 (got "70000")'],
    [{ PORT: '-1' }, 'PORT must be an integer from 0 to 65535 (got "-1")'],
    [{ EVENTSTORE_URL: 'http://localhost:2113' }, 'EVENTSTORE_URL must start with esdb:// or esdb+discover:// or kurrentdb://'],
    [{ MONGODB_URL: 'postgres://user:pw@db' }, 'MONGODB_URL must start with mongodb:// or mongodb+srv://'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    [{ CLOCK: 'fake' }, 'CLOCK must be one of system, manual (got "fake")'],
    [{ RUN_BACKGROUND: 'yes' }, 'RUN_BACKGROUND must be one of auto, true, false (got "yes")'],
    [{ CLOCK: 'manual', CLOCK_START: '2025-02-30' }, 'CLOCK_START must be an ISO 8601 instant or date (got "2025-02-30")'],
    [{ CLOCK_START: '2025-03-01' }, 'CLOCK_START is only used with CLOCK=manual'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET must be at least 32 characters (it has 5)'],
  ])('refuses %j', (env, problem) => {
    expect(problemsOf({ JWT_SECRET: SECRET, DATA_DIR: dataDir, ...env })).toEqual([problem]);
  });

  it('lists every problem at once, without echoing credentials', () => {
    const env = { PORT: 'x', LOG_LEVEL: 'loud', MONGODB_URL: 'redis://admin:hunter2@cache', JWT_SECRET: 'hunter2-secret' };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(4);
    expect((error as Error).message).toMatch(/^invalid configuration:\n {2}- PORT/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('requires JWT_SECRET in production mode (EVENTSTORE_URL set)', () => {
    expect(problemsOf({ DATA_DIR: dataDir, EVENTSTORE_URL: 'esdb://localhost:2113' })).toEqual([
      'JWT_SECRET is required with EVENTSTORE_URL: replicas must share one secret, so none is generated',
    ]);
  });

  it('generates a secret file with mode 600 on first embedded start, then reuses it', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'jwt-secret');
    expect(first).toMatchObject({ jwtSecretGenerated: true, jwtSecretFile: file });
    expect(first.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);

    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second).toMatchObject({ jwtSecret: first.jwtSecret, jwtSecretGenerated: false, jwtSecretFile: file });
  });

  it('creates no secret file when the environment is invalid', () => {
    problemsOf({ DATA_DIR: dataDir, PORT: 'x' });
    expect(() => statSync(dataDir)).toThrow();
  });

  it('refuses a secret file that is too short', () => {
    loadConfig({ DATA_DIR: dataDir });
    writeFileSync(join(dataDir, 'jwt-secret'), 'tiny\n');
    expect(problemsOf({ DATA_DIR: dataDir })[0]).toMatch(/jwt-secret holds fewer than 32 characters; delete it/);
  });

  it('prefers JWT_SECRET over the file', () => {
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET });
    expect(config).toMatchObject({ jwtSecret: SECRET, jwtSecretGenerated: false });
    expect(config.jwtSecretFile).toBeUndefined();
  });
});
