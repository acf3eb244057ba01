import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './app-config';

export const MIN_SECRET_LENGTH = 32;

export interface SecretFile {
  readonly secret: string;
  readonly file: string;
  readonly generated: boolean;
}

/**
 * The embedded mode's secret: created once (32 random bytes, hex, mode 600) and reused by
 * every later start and by the CLI, so tokens minted by `cli token` are accepted by the API.
 */
export function readOrCreateSecretFile(dataDir: string): SecretFile {
  const file = join(dataDir, 'jwt-secret');
  const fresh = randomBytes(32).toString('hex');
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // 'wx' fails when the file exists, so an API and a CLI starting together keep one secret.
    writeFileSync(file, `${fresh}\n`, { flag: 'wx', mode: 0o600 });
    return { secret: fresh, file, generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError([`JWT_SECRET: cannot create ${file}: ${(error as Error).message}`]);
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError([`JWT_SECRET: ${file} holds fewer than ${MIN_SECRET_LENGTH} characters; delete it to generate a new secret`]);
  }
  return { secret, file, generated: false };
}
