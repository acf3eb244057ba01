import { isRole, loadConfig, ROLES, signJwt } from '@tc/platform';
import { CliCommand, EXIT_OK, UsageError } from '../cli-command';
import { parseFlags } from '../flags';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

export function parseTtl(text: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  if (!match || Number(match[1]) === 0) throw new UsageError(`--ttl must be a positive number with a unit s, m, h or d (got "${text}")`);
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

/** Mints a bearer token with the configured secret (JWT_SECRET, or the one generated in DATA_DIR, as the API uses). */
export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'print a bearer token (JWT) for the API',
  usage: `--role <${ROLES.join('|')}> [--policy <policyId>] [--sub <name>] [--ttl 8h]`,
  async run(args, io) {
    const flags = parseFlags(args, ['role', 'policy', 'sub', 'ttl']);
    const { role, policy } = flags;
    if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    if (role === 'integration' && policy === undefined) throw new UsageError('an integration token needs --policy <policyId>');
    if (role !== 'integration' && policy !== undefined) throw new UsageError('--policy is only for the integration role');
    const ttlSeconds = parseTtl(flags.ttl ?? '8h');

    const config = loadConfig(io.env);
    if (config.jwtSecretGenerated) io.err(`generated a new JWT secret in ${config.jwtSecretFile}`);
    io.out(signJwt({ sub: flags.sub ?? `cli-${role}`, role, ...(policy !== undefined && { policyId: policy }) }, config.jwtSecret, ttlSeconds));
    return EXIT_OK;
  },
};
