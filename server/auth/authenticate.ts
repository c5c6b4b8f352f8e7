/**
 * Who is calling: a Bearer token or a session cookie, with their units, the units they see
 * (`scope`) and the absent people they stand in for (`delegateFor`). Cookie callers must echo
 * their session's CSRF token on unsafe methods; auditor-only callers may not use unsafe methods.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AccountStore } from '../../engine/accounts/types.js';
import { CaseflowError } from '../../engine/errors.js';
import type { AppEnv, Principal } from '../context.js';
import { RequestProblem } from '../problem.js';
import { isAuditorOnly } from './roles.js';
import { enforcedScope } from './scope.js';
import { absenceAt } from './users.js';
import { sameSecret } from './secrets.js';
import { findSession, SESSION_COOKIE } from './sessions.js';
import { findToken } from './tokens.js';

/** Header carrying the CSRF token of a cookie session. */
const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Unsafe requests an auditor may still make: they concern only their own account (log out, password, second factor). */
const OWN_ACCOUNT_PATHS = new Set(['/api/session', '/api/session/password', '/api/session/totp', '/api/session/totp/confirm']);

/** True for methods that may change something. */
export function isUnsafe(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** Options of `authenticate`. */
export interface AuthenticateOptions {
  accounts: AccountStore;
  /** Requests that need no caller (logging in). */
  isPublic?: (method: string, path: string) => boolean;
  /** The time absences are judged at (the engine's clock); `Date.now` by default. */
  now?: () => number;
}

/** Adds what the caller sees (their scope) and whom they stand in for (absent people naming them) to `principal`. */
async function withReach(principal: Principal, accounts: AccountStore, now: number): Promise<Principal> {
  const directory = await accounts.getDirectory();
  const delegators = await accounts.listUsersDelegatingTo(principal.userId);
  const away = delegators.filter((user) => !user.disabled && absenceAt(user, now) !== undefined).map((user) => user.username);
  const scope = enforcedScope(principal, directory);
  return { ...principal, ...(scope === undefined ? {} : { scope }), delegateFor: away };
}

async function principalOf(c: Parameters<MiddlewareHandler<AppEnv>>[0], accounts: AccountStore): Promise<Principal> {
  const authorization = c.req.header('Authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new CaseflowError('unauthenticated', 'The Authorization header must be "Bearer <token>".');
    const found = await findToken(accounts, match[1]);
    if (!found) throw new CaseflowError('unauthenticated', 'The API token is unknown, revoked or expired, or its user is disabled.');
    return { userId: found.user.id, username: found.user.username, roles: found.roles, units: [...found.user.units], via: 'token', tokenId: found.token.id };
  }
  const secret = getCookie(c, SESSION_COOKIE);
  if (secret === undefined) {
    throw new CaseflowError('unauthenticated', 'Log in with POST /api/session, or send "Authorization: Bearer <token>".');
  }
  const found = await findSession(accounts, secret);
  if (!found) throw new CaseflowError('unauthenticated', 'Your session has ended; log in again.');
  return {
    userId: found.user.id,
    username: found.user.username,
    roles: [...found.user.roles],
    units: [...found.user.units],
    via: 'session',
    sessionId: found.session.id,
    csrfToken: found.session.csrfToken,
  };
}

/** Sets `principal` from a token or session cookie, or refuses with 401 (and CSRF / auditor refusals with 403). */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    if (options.isPublic?.(c.req.method, c.req.path)) return next();
    const principal = await withReach(await principalOf(c, options.accounts), options.accounts, (options.now ?? Date.now)());
    const unsafe = isUnsafe(c.req.method);
    if (unsafe && principal.via === 'session') {
      const sent = c.req.header(CSRF_HEADER);
      if (sent === undefined || principal.csrfToken === undefined || !sameSecret(sent, principal.csrfToken)) {
        throw new RequestProblem(403, 'csrf-token-invalid', `A request made with a session cookie must send its CSRF token (from POST /api/session or GET /api/me) in the ${CSRF_HEADER} header.`);
      }
    }
    if (unsafe && !OWN_ACCOUNT_PATHS.has(c.req.path) && isAuditorOnly(principal)) {
      throw new CaseflowError('role-not-allowed', 'Auditors read everything and change nothing.', { details: { required: ['any role but auditor'] } });
    }
    c.set('principal', principal);
    await next();
  };
}
