import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyJwt } from '@tc/platform';
import { runCli } from './cli';

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string;
}

describe('cli', () => {
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    env = { DATA_DIR: join(mkdtempSync(join(tmpdir(), 'tc-cli-')), 'data') };
  });

  async function cli(...argv: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err: err.join('\n') };
  }
  const now = () => Math.floor(Date.now() / 1000);
  const secretFile = () => readFileSync(join(env.DATA_DIR!, 'jwt-secret'), 'utf8').trim();

  describe('token', () => {
    it('prints a token signed with the secret it generates in DATA_DIR, the one the API uses', async () => {
      const run = await cli('token', '--role', 'underwriter');
      expect(run.code).toBe(0);
      expect(run.err).toBe(`generated a new JWT secret in ${join(env.DATA_DIR!, 'jwt-secret')}`);
      expect(run.out).toHaveLength(1);
      expect(verifyJwt(run.out[0], secretFile(), now())).toEqual({ sub: 'cli-underwriter', role: 'underwriter' });

      const again = await cli('token', '--role=auditor', '--sub', 'ann');
      expect(again.err).toBe('');
      expect(verifyJwt(again.out[0], secretFile(), now())).toEqual({ sub: 'ann', role: 'auditor' });
    });

    it('uses JWT_SECRET when it is set', async () => {
      env = { ...env, JWT_SECRET: 'x'.repeat(40) };
      const run = await cli('token', '--role', 'admin');
      expect(verifyJwt(run.out[0], 'x'.repeat(40), now())).toEqual({ sub: 'cli-admin', role: 'admin' });
    });

    it('names the policy of an integration token', async () => {
      const run = await cli('token', '--role', 'integration', '--policy', 'p-1');
      expect(verifyJwt(run.out[0], secretFile(), now())).toEqual({ sub: 'cli-integration', role: 'integration', policyId: 'p-1' });
    });

    it.each([
      ['30s', 30],
      ['15m', 900],
      ['8h', 28_800],
      ['2d', 172_800],
    ])('sets exp from --ttl %s', async (ttl, seconds) => {
      const before = now();
      const [, payload] = (await cli('token', '--role', 'analyst', '--ttl', ttl)).out[0].split('.');
      const { exp, iat } = JSON.parse(Buffer.from(payload, 'base64url').toString());
      expect(exp - iat).toBe(seconds);
      expect(iat).toBeGreaterThanOrEqual(before);
    });

    it('lasts 8 hours by default', async () => {
      const [, payload] = (await cli('token', '--role', 'analyst')).out[0].split('.');
      const { exp, iat } = JSON.parse(Buffer.from(payload, 'base64url').toString());
      expect(exp - iat).toBe(8 * 3600);
    });

    it.each([
      [['--role', 'integration'], 'an integration token needs --policy <policyId>'],
      [['--role', 'underwriter', '--policy', 'p-1'], '--policy is only for the integration role'],
      [[], '--role must be one of underwriter, claims, auditor, analyst, integration, admin'],
      [['--role', 'root'], '--role must be one of'],
      [['--role', 'admin', '--ttl', '8'], '--ttl must be a positive number with a unit s, m, h or d (got "8")'],
      [['--role', 'admin', '--ttl', '0h'], '--ttl must be a positive number'],
      [['--role', 'admin', '--colour', 'red'], 'unknown flag: --colour'],
      [['--role', 'admin', 'extra'], 'unexpected argument: extra'],
      [['--role'], '--role needs a value'],
      [['--role', '--sub', 'x'], '--role needs a value'],
      [['--role', 'admin', '--role', 'claims'], '--role given twice'],
    ])('exits 2 with usage for %j', async (args, message) => {
      const run = await cli('token', ...args);
      expect(run.code).toBe(2);
      expect(run.out).toEqual([]);
      expect(run.err).toContain(message);
      expect(run.err).toContain('usage: npm run cli -- token --role <underwriter|claims|auditor|analyst|integration|admin>');
    });

    it('exits 1 with the configuration problems when the environment is invalid', async () => {
      env = { ...env, LOG_LEVEL: 'loud' };
      const run = await cli('token', '--role', 'admin');
      expect(run.code).toBe(1);
      expect(run.err).toContain('LOG_LEVEL must be one of');
    });
  });

  it('exits 2 with the command list for an unknown or missing command', async () => {
    const unknown = await cli('deploy');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^unknown command: deploy\nusage: npm run cli -- <command> \[flags\]\n\ncommands:\n {2}token +print a bearer token/);
    expect((await cli()).code).toBe(2);
  });

  it('prints the command list on stdout for --help', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/token +print a bearer token \(JWT\) for the API/);
  });
});
