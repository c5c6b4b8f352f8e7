import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_ROLES } from '../../server/auth/roles.js';
import { API_OPERATIONS, servedOperations } from '../../server/contract/index.js';
import type { OperationSpec } from '../../server/contract/operation.js';
import { createHarness, type Harness, type Session } from './harness.js';

const concrete = (op: OperationSpec) => op.path.replace(/:(\w+)/g, 'x1');
const isUnsafe = (op: OperationSpec) => op.method !== 'get';

describe('every route is guarded', () => {
  let h: Harness;
  const sessions = new Map<string, Session>();
  beforeAll(async () => {
    h = await createHarness();
    for (const role of KNOWN_ROLES) sessions.set(role, await h.login(role));
  });
  afterAll(() => h.close());

  it('documents exactly the routes it serves', () => {
    const served = h.app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path}`);
    const documented = servedOperations(true).map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(new Set(served)).toEqual(new Set(documented));
  });

  it('answers 401 with a problem document on every route but health, login and the API document, without a session or token', async () => {
    const guarded = API_OPERATIONS.filter((op) => !op.public);
    expect(guarded.length).toBeGreaterThan(20);
    for (const op of guarded) {
      const response = await h.call(op.method.toUpperCase(), concrete(op), { json: isUnsafe(op) ? {} : undefined });
      expect({ route: `${op.method} ${op.path}`, status: response.status }).toEqual({ route: `${op.method} ${op.path}`, status: 401 });
      expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
    }
  });

  it('answers 401 to an expired or forged session cookie', async () => {
    const forged = await h.call('GET', '/api/cases', { as: { cookie: 'caseflow_session=forged', csrf: '' } });
    expect(forged.status).toBe(401);
  });

  it('serves /health without a login', async () => {
    const response = await h.call('GET', '/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('answers 403 to every role that a role-restricted route does not name', async () => {
    for (const op of API_OPERATIONS.filter((o) => o.roles)) {
      for (const role of KNOWN_ROLES) {
        if (op.roles?.includes(role)) continue;
        const response = await h.call(op.method.toUpperCase(), concrete(op), { as: sessions.get(role), json: isUnsafe(op) ? {} : undefined });
        expect({ route: `${op.method} ${op.path}`, role, status: response.status }).toEqual({ route: `${op.method} ${op.path}`, role, status: 403 });
      }
    }
  });

  it('lets each named role through the role check of a role-restricted route', async () => {
    for (const op of API_OPERATIONS.filter((o) => o.roles && !o.path.includes(':'))) {
      for (const role of op.roles ?? []) {
        if (role === 'auditor' && isUnsafe(op)) continue;
        const response = await h.call(op.method.toUpperCase(), concrete(op), { as: sessions.get(role), json: isUnsafe(op) ? {} : undefined });
        expect({ route: `${op.method} ${op.path}`, role, forbidden: response.status === 403 }).toEqual({ route: `${op.method} ${op.path}`, role, forbidden: false });
      }
    }
  });

  it('refuses an auditor every unsafe route, by session and by token, and changes nothing', async () => {
    const admin = sessions.get('admin');
    const issued = await (await h.call('POST', '/api/tokens', { as: admin, json: { name: 'audit bot', user: 'auditor' } })).json();
    const usersBefore = await h.accounts.listUsers();
    const tokensBefore = await h.accounts.listTokens();
    const casesBefore = await h.engine.listCases({ limit: 100 }, { id: 'test', roles: [] });
    // Logging out and their own password and second factor are the auditor's own account, not the system's.
    for (const op of API_OPERATIONS.filter((o) => isUnsafe(o) && !o.public && !o.path.startsWith('/api/session'))) {
      for (const as of [sessions.get('auditor'), issued.token]) {
        const response = await h.call(op.method.toUpperCase(), concrete(op), { as, json: { username: 'x', password: 'y', type: 'close', process: 'p', data: {} } });
        expect({ route: `${op.method} ${op.path}`, status: response.status }).toEqual({ route: `${op.method} ${op.path}`, status: 403 });
        expect(await response.json()).toMatchObject({ code: 'role-not-allowed', detail: 'Auditors read everything and change nothing.' });
      }
    }
    expect(await h.accounts.listUsers()).toEqual(usersBefore);
    expect(await h.accounts.listTokens()).toEqual(tokensBefore);
    expect(await h.engine.listCases({ limit: 100 }, { id: 'test', roles: [] })).toEqual(casesBefore);
  });

  it('lets an auditor read users, tokens, processes, cases and the audit', async () => {
    const auditor = sessions.get('auditor');
    for (const path of ['/api/users', '/api/tokens', '/api/processes', '/api/cases', '/api/audit/verify', '/api/me', '/api/openapi.json', '/metrics']) {
      const response = await h.call('GET', path, { as: auditor });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });

  it('sends security headers on every answer', async () => {
    const response = await h.call('GET', '/health');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect(response.headers.get('X-Request-Id')).toMatch(/^[\w-]+$/);
  });
});

describe('without a manual clock', () => {
  it('has no POST /api/clock/advance, which the document marks as present only under the manual clock', async () => {
    const h = await createHarness({ config: { clock: 'system' }, users: { admin: ['admin'] }, publish: false });
    const admin = await h.login('admin');
    const response = await h.call('POST', '/api/clock/advance', { as: admin, json: { by: '25h' } });
    expect(response.status).toBe(404);
    const openapi = await (await h.call('GET', '/api/openapi.json', { as: admin })).json();
    expect(openapi.paths['/api/clock/advance'].post).toMatchObject({ 'x-manual-clock-only': true, description: expect.stringContaining('CASEFLOW_CLOCK=manual') });
    await h.close();
  });
});
