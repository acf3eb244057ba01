import { CliCommand } from '../cli-command';
import { opsCommand } from './ops.command';
import { seedCommand } from './seed.command';
import { tokenCommand } from './token.command';
import { verifyCommand } from './verify';

/** Every command of the CLI; a new one is a file in this folder and a line here. */
export const COMMANDS: readonly CliCommand[] = [tokenCommand, verifyCommand, opsCommand, seedCommand];
