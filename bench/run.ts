import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Bench, Flags, UsageError } from './lib/bench';
import { machineLine } from './lib/machine';
import { jsonLines, table } from './lib/report';

/**
 * `npm run bench -- <name> [--json] [flags]` runs the compiled `bench/<name>.bench.ts`:
 * adding a bench is adding such a file that exports `bench`.
 */
const SUFFIX = '.bench.js';
const available = () =>
  readdirSync(__dirname)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();

async function main([name, ...args]: string[]): Promise<number> {
  const names = available();
  if (!name || !names.includes(name)) {
    console.error(`${name ? `unknown bench "${name}"` : 'no bench named'}; available: ${names.join(', ')}`);
    console.error('usage: npm run bench -- <name> [--json] [flags]');
    return 1;
  }
  const flags = new Flags(args);
  const json = flags.has('json');
  const { bench } = (await import(join(__dirname, name + SUFFIX))) as { bench: Bench };
  // With --json, stdout holds only figure lines, so the machine line goes with the progress.
  (json ? console.error : console.log)(machineLine());
  const figures = await bench.run({ flags, progress: (message) => process.stderr.write(`${message}\n`) });
  console.log(json ? jsonLines(name, figures) : table(name, figures));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exitCode = 1;
  },
);
