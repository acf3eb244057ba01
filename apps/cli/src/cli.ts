import { ConfigError } from '@tc/platform';
import { CliCommand, CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './cli-command';
import { COMMANDS } from './commands';

/** Runs one command line; resolves to the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === 'help') {
    io.out(usage(commands));
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    if (name !== undefined) io.err(`unknown command: ${name}`);
    io.err(usage(commands));
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\nusage: npm run cli -- ${command.name} ${command.usage}`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.err(error.message);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

function usage(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return ['usage: npm run cli -- <command> [flags]', '', 'commands:', ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)].join('\n');
}
