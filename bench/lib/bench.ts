import { AddressInfo, createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One measured figure; `baseline` and `ratio` (value ÷ baseline) when it is compared with one. */
export interface Figure {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
}

export interface BenchContext {
  readonly flags: Flags;
  /** Progress for the person waiting; goes to stderr so that stdout stays the result. */
  progress(message: string): void;
}

/** What a `bench/<name>.bench.ts` file exports as `bench`; the runner finds it by file name. */
export interface Bench {
  readonly description: string;
  run(context: BenchContext): Promise<Figure[]>;
}

/** A mistake in the command line: the runner prints its message alone, without a stack. */
export class UsageError extends Error {}

export class Flags {
  private readonly values = new Map<string, string | true>();

  constructor(args: readonly string[]) {
    for (let i = 0; i < args.length; i++) {
      const match = /^--([\w-]+)(?:=(.*))?$/.exec(args[i]);
      if (!match) throw new UsageError(`unexpected argument ${args[i]}`);
      const next = args[i + 1];
      const value = match[2] ?? (next !== undefined && !next.startsWith('--') ? (i++, next) : true);
      this.values.set(match[1], value);
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  number(name: string, fallback: number): number {
    const raw = this.values.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (raw === true || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`--${name} takes a positive integer`);
    return value;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A fresh temporary directory for the duration of `use`, removed afterwards. */
export async function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-bench-'));
  try {
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A TCP port free on the loopback interface right now, for a server the bench starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}
