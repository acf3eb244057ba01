import { UsageError } from './cli-command';

/**
 * `--name value` and `--name=value` for the names listed, nothing else: a typo is a usage
 * error rather than a silently ignored option.
 */
export function parseFlags<Name extends string>(args: readonly string[], names: readonly Name[]): Partial<Record<Name, string>> {
  const flags: Partial<Record<Name, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(args[i]);
    if (!match) throw new UsageError(`unexpected argument: ${args[i]}`);
    const name = match[1] as Name;
    if (!names.includes(name)) throw new UsageError(`unknown flag: --${name}`);
    if (flags[name] !== undefined) throw new UsageError(`--${name} given twice`);
    const value = match[2] ?? args[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    flags[name] = value;
  }
  return flags;
}
