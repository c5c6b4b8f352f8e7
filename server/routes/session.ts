/**
 * Logging in and out with a cookie session, and `GET /api/me`.
 */
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { CaseflowError } from '../../engine/errors.js';
import { verifyDecoy, verifyPassword } from '../auth/passwords.js';
import { openSession, SESSION_COOKIE } from '../auth/sessions.js';
import { publicUser } from '../auth/users.js';
import { FieldCheck, readJsonObject } from '../body.js';
import { clientAddress, isHttps } from '../client-address.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { RequestProblem } from '../problem.js';

/** Routes of `/api/session` and `/api/me`. */
export function sessionRoutes(deps: AppDeps): Hono<AppEnv> {
  const { accounts, config, limiter } = deps;
  const routes = new Hono<AppEnv>();

  routes.post('/session', async (c) => {
    const body = await readJsonObject(c);
    const check = new FieldCheck(body, 'login');
    const username = check.string('username', { max: 200 });
    const password = check.string('password', { max: 1024 });
    check.done();
    if (username === undefined || password === undefined) throw new CaseflowError('invalid-input', 'username and password are required');

    const key = `${username.toLowerCase()}\u0000${clientAddress(c, config.trustProxy)}`;
    const waitMs = limiter.retryAfterMs(key);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new RequestProblem(429, 'too-many-login-attempts', `Too many wrong passwords for this username; try again in ${seconds} seconds.`, {
        headers: { 'Retry-After': String(seconds) },
        extensions: { retryAfter: seconds },
      });
    }
    const user = await accounts.findUserByUsername(username);
    const valid = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : await verifyDecoy(password);
    if (!user || !valid) {
      limiter.fail(key);
      deps.logger.warn('login refused', { requestId: c.get('requestId'), username });
      throw new CaseflowError('unauthenticated', 'Wrong username or password.');
    }
    limiter.succeed(key);
    const now = Date.now();
    await accounts.deleteExpiredSessions(now);
    const { secret, session } = await openSession(accounts, user, config.sessionTtlMs, now);
    const secure = config.secureCookies === 'always' || (config.secureCookies === 'auto' && isHttps(c, config.trustProxy));
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'Strict',
      secure,
      path: '/',
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });
    return c.json({ user: publicUser(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt });
  });

  routes.delete('/session', async (c) => {
    const principal = c.get('principal');
    if (principal.sessionId !== undefined) await accounts.deleteSession(principal.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  routes.get('/me', (c) => {
    const principal = c.get('principal');
    return c.json({
      user: { id: principal.userId, username: principal.username, roles: principal.roles },
      via: principal.via,
      csrfToken: principal.csrfToken,
      clock: deps.manualClock ? 'manual' : 'system',
    });
  });

  return routes;
}
