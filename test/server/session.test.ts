import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../server/auth/secrets.js';
import { createHarness, PASSWORD, type Harness } from './harness.js';

describe('sessions, CSRF and API tokens', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ users: { admin: ['admin'], alice: ['agent'], audrey: ['auditor'], lead: ['team-lead', 'agent'] }, publish: false });
  });
  afterEach(() => h.close());

  it('logs in with a strict, http-only session cookie and answers GET /api/me with the CSRF token', async () => {
    const response = await h.call('POST', '/api/session', { json: { username: 'alice', password: PASSWORD } });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/^caseflow_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const body = await response.json();
    expect(body.user).toEqual({ id: expect.any(String), username: 'alice', roles: ['agent'], units: [], totp: false, createdAt: expect.any(Number), disabled: false });
    expect(body.user.passwordHash).toBeUndefined();

    const me = await h.call('GET', '/api/me', { as: { cookie: cookie.split(';')[0], csrf: '' } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { username: 'alice', roles: ['agent'] }, via: 'session', csrfToken: body.csrfToken });
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const response = await h.app.request('https://caseflow.example/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: PASSWORD }),
    });
    expect(response.headers.get('Set-Cookie')).toMatch(/; Secure/);
  });

  it('keeps only the hash of the session secret in the store', async () => {
    const session = await h.login('alice');
    const secret = session.cookie.split('=')[1];
    const user = await h.accounts.findUserByUsername('alice');
    expect(await h.accounts.getSession(secret)).toBeUndefined();
    expect(await h.accounts.getSession(sha256Hex(secret))).toMatchObject({ userId: user?.id, csrfToken: session.csrf });
  });

  it('refuses a wrong password and an unknown user alike, with 401 and a problem document', async () => {
    for (const json of [{ username: 'alice', password: 'not the password' }, { username: 'nobody', password: PASSWORD }]) {
      const response = await h.call('POST', '/api/session', { json });
      expect(response.status).toBe(401);
      expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 401, code: 'unauthenticated', detail: 'Wrong username or password.' });
    }
  });

  it('rate-limits wrong passwords per username: the sixth try within 15 minutes gets 429 with Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await h.call('POST', '/api/session', { json: { username: 'alice', password: `wrong ${i}` } })).status).toBe(401);
    }
    const limited = await h.call('POST', '/api/session', { json: { username: 'alice', password: PASSWORD } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(800);
    expect(await limited.json()).toMatchObject({ code: 'too-many-login-attempts' });
    // Another username from the same address is not locked out.
    expect((await h.call('POST', '/api/session', { json: { username: 'lead', password: PASSWORD } })).status).toBe(200);
  });

  it('logs out: the cookie is cleared and the session no longer works', async () => {
    const session = await h.login('alice');
    const out = await h.call('DELETE', '/api/session', { as: session });
    expect(out.status).toBe(204);
    expect(out.headers.get('Set-Cookie')).toMatch(/caseflow_session=;/);
    expect((await h.call('GET', '/api/me', { as: session })).status).toBe(401);
  });

  it('refuses an unsafe request made with the cookie but without the CSRF token, and changes nothing', async () => {
    const session = await h.login('admin');
    const missing = await h.call('POST', '/api/users', { as: session, omitCsrf: true, json: { username: 'mallory', password: PASSWORD, roles: ['agent'] } });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ code: 'csrf-token-invalid' });
    const wrong = await h.call('POST', '/api/users', { as: session, omitCsrf: true, headers: { 'X-CSRF-Token': 'guess' }, json: { username: 'mallory', password: PASSWORD, roles: ['agent'] } });
    expect(wrong.status).toBe(403);
    expect(await h.accounts.findUserByUsername('mallory')).toBeUndefined();
    // Another session's token does not do either.
    const other = await h.login('lead');
    const crossed = await h.call('POST', '/api/users', { as: { cookie: session.cookie, csrf: other.csrf }, json: { username: 'mallory', password: PASSWORD, roles: ['agent'] } });
    expect(crossed.status).toBe(403);
  });

  it('issues an API token once, accepts it as Bearer without CSRF, and refuses it after revocation', async () => {
    const admin = await h.login('admin');
    const issued = await h.call('POST', '/api/tokens', { as: admin, json: { name: 'call centre', user: 'lead', roles: ['agent'] } });
    expect(issued.status).toBe(201);
    const token = await issued.json();
    expect(token).toMatchObject({ name: 'call centre', username: 'lead', roles: ['agent'], token: expect.stringMatching(/^cf_/) });
    expect(token.hash).toBeUndefined();

    const me = await h.call('GET', '/api/me', { as: token.token });
    expect(await me.json()).toMatchObject({ user: { username: 'lead', roles: ['agent'] }, via: 'token' });

    const listed = await (await h.call('GET', '/api/tokens', { as: admin })).json();
    expect(listed.items).toEqual([expect.objectContaining({ id: token.id, name: 'call centre' })]);
    expect(JSON.stringify(listed)).not.toContain(token.token);

    expect((await h.call('DELETE', `/api/tokens/${token.id}`, { as: admin })).status).toBe(204);
    const refused = await h.call('GET', '/api/me', { as: token.token });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'unauthenticated' });
    expect((await h.call('DELETE', '/api/tokens/no-such-token', { as: admin })).status).toBe(404);
  });

  it('refuses a token with roles its user does not hold', async () => {
    const admin = await h.login('admin');
    const response = await h.call('POST', '/api/tokens', { as: admin, json: { name: 'too much', user: 'alice', roles: ['admin'] } });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'roles', message: expect.stringContaining('admin') }] });
  });

  it('refuses an unknown or malformed Bearer token with 401', async () => {
    expect((await h.call('GET', '/api/me', { as: 'cf_not-a-real-token' })).status).toBe(401);
    expect((await h.app.request('/api/me', { headers: { Authorization: 'Basic YWxpY2U6cHc=' } })).status).toBe(401);
  });

  it('ends the sessions and tokens of a disabled user', async () => {
    const admin = await h.login('admin');
    const alice = await h.login('alice');
    const issued = await (await h.call('POST', '/api/tokens', { as: admin, json: { name: 'alice bot', user: 'alice' } })).json();
    const user = await h.accounts.findUserByUsername('alice');
    const disabled = await h.call('PATCH', `/api/users/${user?.id}`, { as: admin, json: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect((await h.call('GET', '/api/me', { as: alice })).status).toBe(401);
    expect((await h.call('GET', '/api/me', { as: issued.token })).status).toBe(401);
    expect((await h.call('POST', '/api/session', { json: { username: 'alice', password: PASSWORD } })).status).toBe(401);
  });

  it('lets an administrator create users, and refuses a taken name, an unknown role and a short password', async () => {
    const admin = await h.login('admin');
    const created = await h.call('POST', '/api/users', { as: admin, json: { username: 'bob', password: PASSWORD, roles: ['agent', 'finance'] } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ username: 'bob', roles: ['agent', 'finance'], disabled: false });
    expect((await h.call('POST', '/api/session', { json: { username: 'bob', password: PASSWORD } })).status).toBe(200);

    const taken = await h.call('POST', '/api/users', { as: admin, json: { username: 'BOB', password: PASSWORD, roles: ['agent'] } });
    expect(taken.status).toBe(409);
    const bad = await h.call('POST', '/api/users', { as: admin, json: { username: 'carol', password: 'short', roles: ['wizard'] } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors).toEqual([
      { field: 'password', message: 'must be at least 12 characters long' },
      { field: 'roles', message: "unknown role 'wizard'" },
    ]);
  });

  it('does not let an administrator lock themselves out', async () => {
    const admin = await h.login('admin');
    const me = await h.accounts.findUserByUsername('admin');
    const response = await h.call('PATCH', `/api/users/${me?.id}`, { as: admin, json: { roles: ['agent'] } });
    expect(response.status).toBe(409);
    expect((await h.accounts.findUserByUsername('admin'))?.roles).toEqual(['admin']);
  });

  it('ends a session when it expires', async () => {
    const session = await h.login('alice');
    const short = await createHarness({ users: { bea: ['agent'] }, publish: false, config: { sessionTtlMs: 1 } });
    const expiring = await short.login('bea');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await short.call('GET', '/api/me', { as: expiring })).status).toBe(401);
    await short.close();
    expect((await h.call('GET', '/api/me', { as: session })).status).toBe(200);
  });

  it('behind a trusted proxy, marks the cookie Secure for https and limits by the forwarded address', async () => {
    const proxied = await createHarness({ users: { bea: ['agent'] }, publish: false, config: { trustProxy: true } });
    const login = (password: string, from: string) =>
      proxied.call('POST', '/api/session', { json: { username: 'bea', password }, headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': from } });
    expect((await login(PASSWORD, '203.0.113.7')).headers.get('Set-Cookie')).toMatch(/; Secure/);
    for (let i = 0; i < 5; i++) await login('wrong password', '203.0.113.7');
    expect((await login(PASSWORD, '203.0.113.7')).status).toBe(429);
    expect((await login(PASSWORD, '198.51.100.2')).status).toBe(200);
    await proxied.close();
  });
});
