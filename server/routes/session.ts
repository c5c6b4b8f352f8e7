/**
 * Logging in and out with a cookie session, `GET /api/me`, and what a person does to their own
 * account: change their password, turn on a second factor (TOTP).
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { UserRecord } from '../../engine/accounts/types.js';
import { CaseflowError } from '../../engine/errors.js';
import { requestActor } from '../admin-audit.js';
import { hashPassword, verifyDecoy, verifyPassword } from '../auth/passwords.js';
import { passwordProblems } from '../auth/password-policy.js';
import { rightsOf } from '../auth/rights.js';
import { EVERY_UNIT } from '../auth/scope.js';
import { openSession, SESSION_COOKIE } from '../auth/sessions.js';
import { newTotpSecret, totpStep, totpUri } from '../auth/totp.js';
import { publicUser, requireUser } from '../auth/users.js';
import { changePassword, confirmTotp, login, logout, me, startTotp } from '../contract/people.js';
import { mount } from '../contract/mount.js';
import { clientAddress, isHttps } from '../client-address.js';
import { serverLabels } from '../labels.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { RequestProblem } from '../problem.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** Routes of `/api/session` and `/api/me`. */
export function sessionRoutes(deps: AppDeps): Hono<AppEnv> {
  const { accounts, config, limiter } = deps;
  const routes = new Hono<AppEnv>();

  /** Counts an attempt for `username` from this address before any secret is checked; 429 when too many. */
  function reserveAttempt(c: Context<AppEnv>, username: string): string {
    const key = `${username.toLowerCase()}\u0000${clientAddress(c, config.trustProxy)}`;
    const reservation = limiter.reserve(key);
    if (!reservation.granted) {
      const seconds = Math.ceil(reservation.retryAfterMs / 1000);
      throw new RequestProblem(429, 'too-many-login-attempts', `Too many wrong passwords for this username; try again in ${seconds} seconds.`, {
        headers: { 'Retry-After': String(seconds) },
        extensions: { retryAfter: seconds },
      });
    }
    return key;
  }

  /** Opens a session for `user` and sets its cookie; the answer of a login. */
  async function startSession(c: Context<AppEnv>, user: UserRecord) {
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
    return { user: publicUser(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  /** The signed-in person behind a cookie session; API tokens may not change their user's account. */
  async function sessionUser(c: Context<AppEnv>): Promise<UserRecord> {
    const principal = c.get('principal');
    if (principal.via !== 'session') {
      throw new RequestProblem(403, 'session-required', 'Only a person signed in with a session changes their own account; an API token cannot.');
    }
    return requireUser(accounts, principal.userId);
  }

  mount(routes, login, async (c, { body }) => {
    const { username, password, code } = body;

    const key = reserveAttempt(c, username);
    const user = await accounts.findUserByUsername(username);
    const valid = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : await verifyDecoy(password);
    if (!user || !valid) {
      deps.logger.warn('login refused', { requestId: c.get('requestId'), username });
      throw new CaseflowError('unauthenticated', 'Wrong username or password.');
    }
    if (user.totpEnabled && user.totpSecret !== undefined) {
      if (code === undefined) {
        throw new RequestProblem(401, 'totp-required', 'This account also needs the 6-digit code from its authenticator app: send it as "code" with the username and password.');
      }
      const step = totpStep(user.totpSecret, code);
      if (step === undefined || !(await accounts.spendTotpStep(user.id, step))) {
        deps.logger.warn('login refused', { requestId: c.get('requestId'), username, reason: 'code' });
        throw new CaseflowError('unauthenticated', 'Wrong username, password or code.');
      }
    }
    limiter.succeed(key);
    return c.json(await startSession(c, user));
  });

  mount(routes, logout, async (c) => {
    const principal = c.get('principal');
    if (principal.sessionId !== undefined) await accounts.deleteSession(principal.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  mount(routes, changePassword, async (c, { body }) => {
    const user = await sessionUser(c);
    const { current, next } = body;
    const key = reserveAttempt(c, user.username);
    if (!(await verifyPassword(user.passwordHash, current))) {
      throw new CaseflowError('invalid-input', 'The current password is wrong.', { details: [fieldProblem('current', 'is not your current password', '不是您当前的密码')] });
    }
    limiter.succeed(key);
    const problems = passwordProblems(next, { username: user.username, minLength: config.passwordMinLength, field: 'next' });
    if (next === current) problems.push(fieldProblem('next', 'must differ from the current password', '须与当前密码不同'));
    if (problems.length > 0) {
      throw new CaseflowError('invalid-input', `The new password is not accepted: ${problems.map((p) => p.message).join('; ')}.`, { details: problems });
    }
    const updated = await accounts.updateUser(user.id, { passwordHash: await hashPassword(next) });
    if (!updated) throw new CaseflowError('not-found', `No user '${user.id}'.`);
    // Every session ends, this one included; this browser goes on in a fresh one.
    await accounts.deleteUserSessions(user.id);
    await deps.adminLog.record({ actor: requestActor(c), action: 'user.password', target: user.username, details: { userId: user.id, self: true } });
    deps.logger.info('password changed', { requestId: c.get('requestId'), user: user.username });
    return c.json(await startSession(c, updated));
  });

  mount(routes, startTotp, async (c) => {
    const user = await sessionUser(c);
    if (user.totpEnabled) throw new CaseflowError('conflict', 'A second factor is already on for this account; an administrator can turn it off first.');
    const secret = newTotpSecret();
    await accounts.updateUser(user.id, { totpSecret: secret, totpLastStep: null });
    c.header('Cache-Control', 'no-store');
    return c.json({ secret, uri: totpUri(secret, user.username), confirm: '/api/session/totp/confirm' }, 201);
  });

  mount(routes, confirmTotp, async (c, { body }) => {
    const user = await sessionUser(c);
    const { code } = body;
    if (user.totpEnabled) throw new CaseflowError('conflict', 'The second factor is already on.');
    if (user.totpSecret === undefined) throw new CaseflowError('conflict', 'Start with POST /api/session/totp to get a secret for your authenticator app.');
    const step = totpStep(user.totpSecret, code);
    if (step === undefined || !(await accounts.spendTotpStep(user.id, step))) {
      throw new CaseflowError('invalid-input', 'The code does not match: enter the code your authenticator app shows now.', { details: [fieldProblem('code', 'is not the current code of the new secret', '不是新密钥当前显示的验证码')] });
    }
    const updated = await accounts.updateUser(user.id, { totpEnabled: true });
    await deps.adminLog.record({ actor: requestActor(c), action: 'user.totp', target: user.username, details: { userId: user.id, enabled: true } });
    deps.logger.info('second factor on', { requestId: c.get('requestId'), user: user.username });
    return c.json(publicUser(updated ?? user));
  });

  mount(routes, me, async (c) => {
    const principal = c.get('principal');
    const record = await accounts.getUser(principal.userId);
    const directory = await accounts.getDirectory();
    const delegate = record?.absence && (await accounts.getUser(record.absence.delegateId));
    const shown = record && publicUser(record, new Map(delegate ? [[delegate.id, delegate.username]] : []));
    const supervisor = principal.roles.some((role) => directory.supervisorRoles.includes(role) || directory.cityRoles.includes(role));
    return c.json({
      user: {
        id: principal.userId,
        username: principal.username,
        roles: principal.roles,
        units: principal.units,
        displayName: shown?.displayName,
        email: shown?.email,
        absence: shown?.absence,
        totp: shown?.totp ?? false,
      },
      scope: principal.scope ?? EVERY_UNIT,
      delegateFor: principal.delegateFor ?? [],
      supervisor,
      via: principal.via,
      csrfToken: principal.csrfToken,
      clock: deps.manualClock ? 'manual' : 'system',
      rights: rightsOf(principal.roles, supervisor),
      labels: serverLabels(),
    });
  });

  return routes;
}
