/**
 * `caseflow user add|list|units|disable|enable|password|totp-off`: manage the people who log in.
 */
import { parseArgs } from 'node:util';
import { CaseflowError } from '../../engine/errors.js';
import { commandLineActor, recordUserChange } from '../admin-audit.js';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import { passwordProblems } from '../auth/password-policy.js';
import { addUser, checkNewUser, checkProfile, requireUser } from '../auth/users.js';
import { processIo, withAccounts, commaList, type CommandIo } from './accounts-db.js';
import type { Command } from './index.js';

const USAGE = [
  'usage: caseflow user add <name> --roles a,b [--unit <id>]... [--name <display name>] [--email <address>] [--password <pw>]',
  '                                     (a password is generated and shown once when absent)',
  '       caseflow user list',
  '       caseflow user units <name> --unit <id> [--unit <id>]...   (sets the units; --unit "" for none)',
  '       caseflow user disable <name>      (ends their sessions; their tokens stop working)',
  '       caseflow user enable <name>',
  '       caseflow user password <name> [--password <pw>]',
  '       caseflow user totp-off <name>     (turns off their second factor, e.g. after a lost phone)',
].join('\n');

const ACTIONS = ['add', 'units', 'disable', 'enable', 'password', 'totp-off'];

const date = (time: number) => new Date(time).toISOString().slice(0, 16).replace('T', ' ');

/** Runs `caseflow user …`; resolves to the exit code. */
export async function runUser(args: string[], io: CommandIo = processIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      roles: { type: 'string' },
      password: { type: 'string' },
      unit: { type: 'string', multiple: true },
      name: { type: 'string' },
      email: { type: 'string' },
    },
  });
  const [action, name] = positionals;
  if (action === 'list') {
    return withAccounts(io, async (accounts) => {
      const users = await accounts.listUsers();
      io.out(['username'.padEnd(24), 'roles'.padEnd(32), 'units'.padEnd(28), 'created'.padEnd(17), 'status'].join(' '));
      for (const user of users) {
        const status = user.disabled ? 'disabled' : user.absence && user.absence.until > Date.now() ? `away until ${date(user.absence.until)}` : 'active';
        io.out([user.username.padEnd(24), user.roles.join(',').padEnd(32), user.units.join(',').padEnd(28), date(user.createdAt).padEnd(17), status].join(' '));
      }
      return 0;
    });
  }
  if (name === undefined || !ACTIONS.includes(action ?? '')) {
    io.err(USAGE);
    return 2;
  }
  return withAccounts(io, async (accounts, knownRoles, config, adminLog) => {
    const knownUnits = new Set((await accounts.getDirectory()).units.map((unit) => unit.id));
    const units = values.unit?.filter((unit) => unit !== '');
    if (action === 'add') {
      const password = values.password ?? generatePassword();
      const input = checkNewUser(
        { username: name, password, roles: commaList(values.roles), units, displayName: values.name, email: values.email },
        { roles: knownRoles, units: knownUnits, minPasswordLength: config.passwordMinLength },
      );
      if (input.roles.length === 0) throw new CaseflowError('invalid-input', 'Give the user at least one role with --roles (for example --roles agent).');
      const user = await addUser(accounts, input);
      await adminLog.record({ actor: commandLineActor(), action: 'user.create', target: user.username, details: { userId: user.id, roles: user.roles, units: user.units } });
      io.out(`Created user ${user.username} with roles ${user.roles.join(', ')}${user.units.length > 0 ? ` in ${user.units.join(', ')}` : ''}.`);
      if (values.password === undefined) io.out(`Password (shown once): ${password}`);
      return 0;
    }
    const user = await requireUser(accounts, name);
    if (action === 'units') {
      if (units === undefined) throw new CaseflowError('invalid-input', 'Name the units with --unit <id> (repeat it for several; --unit "" for none).');
      const errors: Array<{ field: string; message: string }> = [];
      const profile = checkProfile({ units }, knownUnits, errors);
      if (errors.length > 0) throw new CaseflowError('invalid-input', errors.map((e) => `${e.field}: ${e.message}`).join('; '));
      await accounts.updateUser(user.id, { units: profile.units });
      await recordUserChange(adminLog, commandLineActor(), user, { ...user, units: profile.units ?? [] });
      io.out(`${user.username} is now in ${profile.units?.length ? profile.units.join(', ') : 'no unit'}.`);
      return 0;
    }
    if (action === 'password') {
      const password = values.password ?? generatePassword();
      const problems = passwordProblems(password, { username: user.username, minLength: config.passwordMinLength });
      if (problems.length > 0) throw new CaseflowError('invalid-input', `password ${problems.map((problem) => problem.message).join('; ')}`);
      await accounts.updateUser(user.id, { passwordHash: await hashPassword(password) });
      await accounts.deleteUserSessions(user.id);
      await recordUserChange(adminLog, commandLineActor(), user, user, { passwordChanged: true });
      io.out(`New password for ${user.username}${values.password === undefined ? ` (shown once): ${password}` : ' set.'}`);
      return 0;
    }
    if (action === 'totp-off') {
      await accounts.updateUser(user.id, { totpEnabled: false, totpSecret: null, totpLastStep: null });
      await accounts.deleteUserSessions(user.id);
      await recordUserChange(adminLog, commandLineActor(), user, user, { totpReset: true });
      io.out(`Second factor turned off for ${user.username}; they log in with their password alone until they turn it on again.`);
      return 0;
    }
    const disabled = action === 'disable';
    await accounts.updateUser(user.id, { disabled });
    if (disabled) await accounts.deleteUserSessions(user.id);
    await recordUserChange(adminLog, commandLineActor(), user, { ...user, disabled });
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
  summary: 'add, list, place in units, disable, enable users or set a password',
  usage: 'user add|list|units|disable|enable|password|totp-off',
  help: USAGE,
  run: (args) => guardedRun(() => runUser(args), processIo),
};
