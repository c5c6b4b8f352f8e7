/**
 * `caseflow user add|list|disable|enable|password`: manage the people who log in.
 */
import { parseArgs } from 'node:util';
import { CaseflowError } from '../../engine/errors.js';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import { addUser, checkNewUser, passwordProblems, requireUser } from '../auth/users.js';
import { processIo, withAccounts, commaList, type CommandIo } from './accounts-db.js';
import type { Command } from './index.js';

const USAGE = [
  'usage: caseflow user add <name> --roles a,b [--password <pw>]   (a password is generated and shown once when absent)',
  '       caseflow user list',
  '       caseflow user disable <name>      (ends their sessions; their tokens stop working)',
  '       caseflow user enable <name>',
  '       caseflow user password <name> [--password <pw>]',
].join('\n');

const date = (time: number) => new Date(time).toISOString().slice(0, 16).replace('T', ' ');

/** Runs `caseflow user …`; resolves to the exit code. */
export async function runUser(args: string[], io: CommandIo = processIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { roles: { type: 'string' }, password: { type: 'string' } } });
  const [action, name] = positionals;
  if (action === 'list') {
    return withAccounts(io, async (accounts) => {
      const users = await accounts.listUsers();
      io.out(['username'.padEnd(24), 'roles'.padEnd(40), 'created'.padEnd(17), 'status'].join(' '));
      for (const user of users) io.out([user.username.padEnd(24), user.roles.join(',').padEnd(40), date(user.createdAt).padEnd(17), user.disabled ? 'disabled' : 'active'].join(' '));
      return 0;
    });
  }
  if (name === undefined || !['add', 'disable', 'enable', 'password'].includes(action ?? '')) {
    io.err(USAGE);
    return 2;
  }
  return withAccounts(io, async (accounts, knownRoles) => {
    if (action === 'add') {
      const password = values.password ?? generatePassword();
      const input = checkNewUser({ username: name, password, roles: commaList(values.roles) }, knownRoles);
      if (input.roles.length === 0) throw new CaseflowError('invalid-input', 'Give the user at least one role with --roles (for example --roles agent).');
      const user = await addUser(accounts, input);
      io.out(`Created user ${user.username} with roles ${user.roles.join(', ')}.`);
      if (values.password === undefined) io.out(`Password (shown once): ${password}`);
      return 0;
    }
    const user = await requireUser(accounts, name);
    if (action === 'password') {
      const password = values.password ?? generatePassword();
      const problems = passwordProblems(password);
      if (problems.length > 0) throw new CaseflowError('invalid-input', `password ${problems[0].message}`);
      await accounts.updateUser(user.id, { passwordHash: await hashPassword(password) });
      await accounts.deleteUserSessions(user.id);
      io.out(`New password for ${user.username}${values.password === undefined ? ` (shown once): ${password}` : ' set.'}`);
      return 0;
    }
    const disabled = action === 'disable';
    await accounts.updateUser(user.id, { disabled });
    if (disabled) await accounts.deleteUserSessions(user.id);
    io.out(`${disabled ? 'Disabled' : 'Enabled'} user ${user.username}.`);
    return 0;
  });
}

/** Reports refusals as one line and exit code 1, other failures as they are. */
export async function guardedRun(run: () => Promise<number>, io: CommandIo): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CaseflowError || (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')) {
      io.err(`caseflow: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** The `user` subcommand. */
export const userCommand: Command = {
  summary: 'add, list, disable, enable users or set a password',
  usage: 'user add|list|disable|enable|password',
  help: USAGE,
  run: (args) => guardedRun(() => runUser(args), processIo),
};
