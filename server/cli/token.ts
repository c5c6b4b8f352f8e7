/**
 * `caseflow token create|list|revoke`: API tokens for systems (`Authorization: Bearer …`).
 */
import { parseArgs } from 'node:util';
import { CaseflowError } from '../../engine/errors.js';
import { commandLineActor } from '../admin-audit.js';
import { isExpired, issueToken, MAX_TOKEN_DAYS, tokenLifetime } from '../auth/tokens.js';
import { requireUser } from '../auth/users.js';
import { commaList, processIo, withAccounts, type CommandIo } from './accounts-db.js';
import type { Command } from './index.js';
import { guardedRun } from './user.js';

const USAGE = [
  'usage: caseflow token create <name> --user <username> [--roles a,b] [--expires 30d]   (prints the token once; 90 days by default)',
  '       caseflow token list',
  '       caseflow token revoke <id>',
].join('\n');

const minute = (time: number) => new Date(time).toISOString().slice(0, 16).replace('T', ' ');

/** Runs `caseflow token …`; resolves to the exit code. */
export async function runToken(args: string[], io: CommandIo = processIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { user: { type: 'string' }, roles: { type: 'string' }, expires: { type: 'string' } } });
  const [action, subject] = positionals;
  if (action === 'list') {
    return withAccounts(io, async (accounts) => {
      const names = new Map((await accounts.listUsers()).map((user) => [user.id, user.username]));
      io.out(['id'.padEnd(36), 'name'.padEnd(24), 'user'.padEnd(16), 'roles'.padEnd(30), 'expires'.padEnd(16), 'status'].join(' '));
      for (const token of await accounts.listTokens()) {
        const status = token.revokedAt !== undefined ? `revoked ${minute(token.revokedAt)}` : isExpired(token) ? 'expired' : 'active';
        const expires = token.expiresAt === undefined ? 'never' : minute(token.expiresAt);
        io.out([token.id.padEnd(36), token.name.padEnd(24), (names.get(token.userId) ?? '?').padEnd(16), token.roles.join(',').padEnd(30), expires.padEnd(16), status].join(' '));
      }
      return 0;
    });
  }
  if (subject === undefined || !['create', 'revoke'].includes(action ?? '')) {
    io.err(USAGE);
    return 2;
  }
  return withAccounts(io, async (accounts, _roles, config, adminLog) => {
    if (action === 'revoke') {
      const token = await accounts.revokeToken(subject, Date.now());
      if (!token) throw new CaseflowError('not-found', `No token '${subject}' (see caseflow token list).`);
      await adminLog.record({ actor: commandLineActor(), action: 'token.revoke', target: token.id, details: { name: token.name, revokedAt: token.revokedAt } });
      io.out(`Revoked token ${token.id} (${token.name}).`);
      return 0;
    }
    if (values.user === undefined) throw new CaseflowError('invalid-input', 'Name the user the token acts for with --user <username>.');
    const user = await requireUser(accounts, values.user);
    if (user.disabled) throw new CaseflowError('conflict', `User ${user.username} is disabled.`);
    const roles = values.roles === undefined ? undefined : commaList(values.roles);
    const ttlMs = values.expires === undefined ? config.tokenTtlMs : tokenLifetime(values.expires);
    if (ttlMs === undefined) throw new CaseflowError('invalid-input', `--expires must be a duration such as 30d or 12h, at most ${MAX_TOKEN_DAYS}d.`);
    const { secret, token } = await issueToken(accounts, { name: subject, user, roles, ttlMs });
    await adminLog.record({ actor: commandLineActor(), action: 'token.create', target: token.id, details: { name: token.name, user: user.username, roles: token.roles, expiresAt: token.expiresAt } });
    io.out(`Created token ${token.id} "${token.name}" for ${user.username} with roles ${token.roles.join(', ') || '(none)'}, valid until ${minute(token.expiresAt ?? 0)} UTC.`);
    io.out(`Token (shown once; send it as "Authorization: Bearer <token>"): ${secret}`);
    return 0;
  });
}

/** The `token` subcommand. */
export const tokenCommand: Command = {
  summary: 'create, list or revoke API tokens',
  usage: 'token create|list|revoke',
  help: USAGE,
  run: (args) => guardedRun(() => runToken(args), processIo),
};
