/** Where a command reads its environment and writes; tests pass their own. */
export interface CliIo {
  /** Default: the process environment (read by loadConfig). */
  readonly env?: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Flags and arguments, after the command name. */
  readonly usage: string;
  /** Resolves to the process exit code. Throw UsageError for bad arguments. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Bad arguments: the dispatcher prints the command's usage and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
