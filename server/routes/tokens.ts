/**
 * API tokens: administrators issue (each with an expiry) and revoke them; auditors may read the list.
 */
import { Hono } from 'hono';
import { CaseflowError } from '../../engine/errors.js';
import { requestActor } from '../admin-audit.js';
import { issueToken, MAX_TOKEN_DAYS, publicToken, tokenLifetime } from '../auth/tokens.js';
import { requireUser } from '../auth/users.js';
import { mount } from '../contract/mount.js';
import { issueToken as issueTokenOperation, listTokens, revokeToken } from '../contract/people.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';

/** Routes of `/api/tokens`. */
export function tokenRoutes(deps: AppDeps): Hono<AppEnv> {
  const { accounts, config } = deps;
  const routes = new Hono<AppEnv>();

  mount(routes, listTokens, async (c, { query }) => {
    const users = new Map((await accounts.listUsers()).map((user) => [user.id, user.username]));
    const filter = query.user;
    const tokens = await accounts.listTokens(filter ? (await requireUser(accounts, filter)).id : undefined);
    return c.json({ items: tokens.map((token) => publicToken(token, users.get(token.userId))) });
  });

  mount(routes, issueTokenOperation, async (c, { body }) => {
    const { name, user: username, roles, expiresIn } = body;
    const ttlMs = expiresIn === undefined ? config.tokenTtlMs : tokenLifetime(expiresIn);
    if (ttlMs === undefined) {
      const message = `must be a duration such as 30d or 12h, at most ${MAX_TOKEN_DAYS}d`;
      throw new CaseflowError('invalid-input', `The token request is not valid: expiresIn ${message}.`, { details: [{ field: 'expiresIn', message }] });
    }
    const user = await requireUser(accounts, username);
    if (user.disabled) throw new CaseflowError('conflict', `User '${user.username}' is disabled.`);
    const { secret, token } = await issueToken(accounts, { name, user, roles, ttlMs });
    await deps.adminLog.record({ actor: requestActor(c), action: 'token.create', target: token.id, details: { name: token.name, user: user.username, roles: token.roles, expiresAt: token.expiresAt } });
    deps.logger.info('token issued', { requestId: c.get('requestId'), by: c.get('principal').username, tokenId: token.id, user: user.username, roles: token.roles });
    c.header('Location', `/api/tokens/${encodeURIComponent(token.id)}`);
    c.header('Cache-Control', 'no-store');
    return c.json({ ...publicToken(token, user.username), token: secret }, 201);
  });

  mount(routes, revokeToken, async (c, { params }) => {
    const revoked = await accounts.revokeToken(params.id, Date.now());
    if (!revoked) throw new CaseflowError('not-found', `No token '${params.id}'.`);
    await deps.adminLog.record({ actor: requestActor(c), action: 'token.revoke', target: revoked.id, details: { name: revoked.name, revokedAt: revoked.revokedAt } });
    deps.logger.info('token revoked', { requestId: c.get('requestId'), by: c.get('principal').username, tokenId: revoked.id });
    return c.body(null, 204);
  });

  return routes;
}
