/**
 * The `caseflow` command line: `caseflow <command> [args]`. Each command is one entry of
 * COMMANDS; adding a command is adding a line.
 */
import { checkpointCommand } from './checkpoint.js';
import { copyCommand } from './copy.js';
import { migrateCasesCommand } from './migrate-cases.js';
import { tokenCommand } from './token.js';
import { orgCommand, unitCommand } from './unit.js';
import { userCommand } from './user.js';
import { validateCommand } from './validate.js';
import { testCommand } from './walk.js';

/** A subcommand: what it does, and how to run it (resolves to the exit code). */
export interface Command {
  summary: string;
  usage: string;
  /** The full usage text for `caseflow <command> --help`, when longer than `usage`. */
  help?: string;
  run(args: string[]): Promise<number>;
}

/** Every subcommand, by name. */
export const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  test: testCommand,
  user: userCommand,
  token: tokenCommand,
  unit: unitCommand,
  org: orgCommand,
  checkpoint: checkpointCommand,
  'migrate-cases': migrateCasesCommand,
  copy: copyCommand,
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((command) => `  ${command.usage.padEnd(40)} ${command.summary}`);
  return ['usage: caseflow <command> [arguments]', '', 'commands:', ...lines].join('\n');
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    process.stderr.write(`caseflow: unknown command '${name}'\n${usage()}\n`);
    return 2;
  }
  if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    process.stdout.write(`${command.help ?? `usage: caseflow ${command.usage}   ${command.summary}`}\n`);
    return 0;
  }
  return command.run(args);
}
