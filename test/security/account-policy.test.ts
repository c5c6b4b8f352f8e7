import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { passwordProblems } from '../../server/auth/password-policy.js';
import { totpCode } from '../../server/auth/totp.js';
import type { CommandIo } from '../../server/cli/accounts-db.js';
import { runToken } from '../../server/cli/token.js';
import { guardedRun, runUser } from '../../server/cli/user.js';
import { ConfigError } from '../../server/config.js';
import { ensureAdmin } from '../../server/setup.js';
import { createHarness, PASSWORD, type Harness, type Session } from '../server/harness.js';

const messages = (password: string, username?: string) => passwordProblems(password, { username }).map((problem) => problem.message);

describe('the password policy', () => {
  it('accepts a long password nobody uses', () => {
    expect(passwordProblems('plum orchard at dusk 47')).toEqual([]);
  });

  it('refuses a short one, saying how long it must be', () => {
    expect(messages('Tr0ub4dor&3')).toEqual(['must be at least 12 characters long']);
    expect(passwordProblems('Tr0ub4dor&3x', { minLength: 16 })).toEqual([{ field: 'password', message: 'must be at least 16 characters long' }]);
  });

  it('refuses a commonly used password, also with digits and symbols around it or in another case', () => {
    for (const common of ['qwertyuiop123', 'Password1234', 'PASSWORD2024!!', '1qaz2wsx3edc', 'iloveyou12345']) {
      expect({ common, problems: messages(common) }).toEqual({ common, problems: expect.arrayContaining([expect.stringContaining('commonly used')]) });
    }
  });

  it('refuses a few characters said again and again', () => {
    for (const repeat of ['aaaaaaaaaaaa', 'abababababab', 'correctcorrect', '111122221111']) {
      expect({ repeat, problems: messages(repeat) }).toEqual({ repeat, problems: expect.arrayContaining([expect.stringContaining('repeats the same few characters')]) });
    }
  });

  it('refuses a password containing the username, in any case', () => {
    expect(messages('my name is Li.Na 2025', 'li.na')).toEqual(['must not contain the username']);
    expect(messages('plum orchard at dusk 47', 'li.na')).toEqual([]);
  });

  it('lets the generated admin password through, and refuses a weak CASEFLOW_ADMIN_PASSWORD naming the rule', async () => {
    const h = await createHarness({ users: {}, publish: false });
    await expect(ensureAdmin(h.accounts, 'password12345')).rejects.toThrow(ConfigError);
    await expect(ensureAdmin(h.accounts, 'password12345')).rejects.toThrow(/CASEFLOW_ADMIN_PASSWORD is one of the most commonly used passwords/);
    await expect(ensureAdmin(h.accounts, 'the admin of it all')).rejects.toThrow(/must not contain the username/);
    expect(await h.accounts.findUserByUsername('admin')).toBeUndefined();
    const created = await ensureAdmin(h.accounts, undefined);
    expect(passwordProblems(created.generatedPassword, { username: 'admin' })).toEqual([]);
    await h.close();
  });
});

describe('account policy through the API and the CLI', () => {
  let h: Harness;
  let admin: Session;
  beforeEach(async () => {
    h = await createHarness({ users: { admin: ['admin'], alice: ['agent'], audrey: ['auditor'] }, publish: false });
    admin = await h.login('admin');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await h.close();
  });

  it('refuses a weak password wherever an administrator sets one, with 422 naming the rule', async () => {
    const created = await h.call('POST', '/api/users', { as: admin, json: { username: 'bob', password: 'qwerty123456', roles: ['agent'] } });
    expect(created.status).toBe(422);
    expect((await created.json()).errors).toEqual([{ field: 'password', message: expect.stringContaining('commonly used') }]);
    const alice = await h.accounts.findUserByUsername('alice');
    const changed = await h.call('PATCH', `/api/users/${alice?.id}`, { as: admin, json: { password: 'alice in wonderland' } });
    expect(changed.status).toBe(422);
    expect((await changed.json()).errors).toEqual([{ field: 'password', message: 'must not contain the username' }]);
    expect((await h.call('POST', '/api/session', { json: { username: 'alice', password: PASSWORD } })).status).toBe(200);
  });

  it('refuses a weak password in caseflow user add and user password', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'caseflow-policy-'));
    const errors: string[] = [];
    const io: CommandIo = { out: () => {}, err: (line) => errors.push(line), env: { CASEFLOW_DB: join(folder, 'caseflow.db') } };
    try {
      expect(await guardedRun(() => runUser(['add', 'li.na', '--roles', 'agent', '--password', 'aaaaaaaaaaaaaa'], io), io)).toBe(1);
      expect(errors[0]).toMatch(/password repeats the same few characters/);
      expect(await runUser(['add', 'li.na', '--roles', 'agent'], io)).toBe(0);
      expect(await guardedRun(() => runUser(['password', 'li.na', '--password', 'short'], io), io)).toBe(1);
      expect(errors[1]).toMatch(/at least 12 characters/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('API tokens', () => {
    it('expire after 90 days by default, or after expiresIn, and are then refused with 401', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.now();
      const standard = await (await h.call('POST', '/api/tokens', { as: admin, json: { name: 'crm', user: 'alice' } })).json();
      const short = await (await h.call('POST', '/api/tokens', { as: admin, json: { name: 'one day', user: 'alice', expiresIn: '1d' } })).json();
      expect(standard.expiresAt - standard.createdAt).toBe(90 * 86_400_000);
      expect(short.expiresAt - short.createdAt).toBe(86_400_000);
      expect((await h.call('GET', '/api/me', { as: short.token })).status).toBe(200);

      vi.setSystemTime(start + 86_400_000 + 2000);
      const refused = await h.call('GET', '/api/me', { as: short.token });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ code: 'unauthenticated', detail: expect.stringContaining('expired') });
      expect((await h.call('GET', '/api/me', { as: standard.token })).status).toBe(200);
      vi.setSystemTime(start + 90 * 86_400_000 + 2000);
      expect((await h.call('GET', '/api/me', { as: standard.token })).status).toBe(401);
    });

    it('are listed with their expiry, and a lifetime that is not a duration is refused with 422', async () => {
      await h.call('POST', '/api/tokens', { as: admin, json: { name: 'crm', user: 'alice', expiresIn: '30d' } });
      const listed = await (await h.call('GET', '/api/tokens', { as: admin })).json();
      expect(listed.items).toEqual([expect.objectContaining({ name: 'crm', expiresAt: expect.any(Number) })]);
      for (const expiresIn of ['forever', '0d', '3 business days', '10000d']) {
        const bad = await h.call('POST', '/api/tokens', { as: admin, json: { name: 'bad', user: 'alice', expiresIn } });
        expect({ expiresIn, status: bad.status }).toEqual({ expiresIn, status: 422 });
        expect((await bad.json()).errors).toEqual([expect.objectContaining({ field: 'expiresIn' })]);
      }
    });

    it('take --expires in caseflow token create, and show their expiry in token list', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'caseflow-token-'));
      const lines: string[] = [];
      const io: CommandIo = { out: (line) => lines.push(line), err: (line) => lines.push(line), env: { CASEFLOW_DB: join(folder, 'caseflow.db') } };
      try {
        await runUser(['add', 'crm', '--roles', 'agent'], io);
        expect(await runToken(['create', 'bot', '--user', 'crm', '--expires', '30d'], io)).toBe(0);
        const until = /valid until (\S+ \S+) UTC/.exec(lines.join('\n'))?.[1] ?? '';
        expect(Date.parse(`${until.replace(' ', 'T')}Z`) - Date.now()).toBeGreaterThan(29 * 86_400_000);
        lines.length = 0;
        await runToken(['list'], io);
        expect(lines[0]).toMatch(/expires\s+status$/);
        expect(lines[1]).toContain(until);
        expect(await guardedRun(() => runToken(['create', 'bot', '--user', 'crm', '--expires', 'soon'], io), io)).toBe(1);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  describe('changing one\'s own password', () => {
    const change = (as: Session | string, current: string, next: string) => h.call('POST', '/api/session/password', { as, json: { current, next } });

    it('refuses a wrong current password with 422 and a weak new one naming the rule, changing nothing', async () => {
      const alice = await h.login('alice');
      const wrong = await change(alice, 'not my password', 'plum orchard at dusk 47');
      expect(wrong.status).toBe(422);
      expect((await wrong.json()).errors).toEqual([{ field: 'current', message: 'is not your current password' }]);
      const weak = await change(alice, PASSWORD, 'password123456');
      expect(weak.status).toBe(422);
      expect((await weak.json()).errors).toEqual([{ field: 'next', message: expect.stringContaining('commonly used') }]);
      expect((await h.call('GET', '/api/me', { as: alice })).status).toBe(200);
      expect((await h.call('POST', '/api/session', { json: { username: 'alice', password: PASSWORD } })).status).toBe(200);
    });

    it('sets the new password, logs out every other session, and keeps this browser signed in with a new session', async () => {
      const here = await h.login('alice');
      const elsewhere = await h.login('alice');
      const changed = await change(here, PASSWORD, 'plum orchard at dusk 47');
      expect(changed.status).toBe(200);
      const fresh = { cookie: (changed.headers.get('Set-Cookie') ?? '').split(';')[0], csrf: (await changed.json()).csrfToken };
      expect((await h.call('GET', '/api/me', { as: elsewhere })).status).toBe(401);
      expect((await h.call('GET', '/api/me', { as: here })).status).toBe(401);
      expect((await h.call('GET', '/api/me', { as: fresh })).status).toBe(200);
      expect((await h.call('POST', '/api/session', { json: { username: 'alice', password: PASSWORD } })).status).toBe(401);
      expect((await h.call('POST', '/api/session', { json: { username: 'alice', password: 'plum orchard at dusk 47' } })).status).toBe(200);
    });

    it('counts wrong current passwords with the login limit', async () => {
      const alice = await h.login('alice');
      for (let i = 0; i < 5; i++) expect((await change(alice, `guess ${i}`, 'plum orchard at dusk 47')).status).toBe(422);
      const limited = await change(alice, PASSWORD, 'plum orchard at dusk 47');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('Retry-After')).toMatch(/^\d+$/);
    });

    it('is open to an auditor for their own account, but not to an API token', async () => {
      const audrey = await h.login('audrey');
      expect((await change(audrey, PASSWORD, 'plum orchard at dusk 47')).status).toBe(200);
      const issued = await (await h.call('POST', '/api/tokens', { as: admin, json: { name: 'bot', user: 'alice' } })).json();
      const byToken = await change(issued.token, PASSWORD, 'plum orchard at dusk 47');
      expect(byToken.status).toBe(403);
      expect(await byToken.json()).toMatchObject({ code: 'session-required' });
    });
  });

  describe('a second factor (TOTP)', () => {
    async function enrol(session: Session): Promise<string> {
      const started = await h.call('POST', '/api/session/totp', { as: session });
      expect(started.status).toBe(201);
      const { secret, uri } = await started.json();
      expect(uri).toMatch(/^otpauth:\/\/totp\/Caseflow:admin\?.*secret=/);
      const confirmed = await h.call('POST', '/api/session/totp/confirm', { as: session, json: { code: totpCode(secret) } });
      expect(confirmed.status).toBe(200);
      expect(await confirmed.json()).toMatchObject({ username: 'admin', totp: true });
      return secret;
    }
    const login = (json: Record<string, string>) => h.call('POST', '/api/session', { json: { username: 'admin', password: PASSWORD, ...json } });

    it('is turned on only by a first right code, and the secret is kept for the server to read', async () => {
      const started = await (await h.call('POST', '/api/session/totp', { as: admin })).json();
      const wrong = await h.call('POST', '/api/session/totp/confirm', { as: admin, json: { code: '000000' === totpCode(started.secret) ? '111111' : '000000' } });
      expect(wrong.status).toBe(422);
      expect((await wrong.json()).errors).toEqual([expect.objectContaining({ field: 'code' })]);
      expect((await login({})).status).toBe(200);
      expect((await h.accounts.findUserByUsername('admin'))).toMatchObject({ totpEnabled: false, totpSecret: started.secret });
    });

    it('then needs a code at login: a missing code answers a clear problem, a wrong one 401, the right one a session', async () => {
      const secret = await enrol(admin);
      const missing = await login({});
      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({ code: 'totp-required', detail: expect.stringContaining('6-digit code') });
      const wrongCode = String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0');
      expect((await login({ code: wrongCode })).status).toBe(401);
      // The first code was spent confirming the enrolment: the next step's code is due.
      const next = totpCode(secret, Date.now() + 30_000);
      const right = await login({ code: next });
      expect(right.status).toBe(200);
      expect((await login({ password: 'not the password', code: totpCode(secret) })).status).toBe(401);
    });

    it('accepts each code once: the same code again is refused, even with the right password', async () => {
      const secret = await enrol(admin);
      expect((await login({ code: totpCode(secret) })).status).toBe(401);
      const next = totpCode(secret, Date.now() + 30_000);
      expect((await login({ code: next })).status).toBe(200);
      const replayed = await login({ code: next });
      expect(replayed.status).toBe(401);
      expect(await replayed.json()).toMatchObject({ code: 'unauthenticated', detail: 'Wrong username, password or code.' });
    });

    it('counts wrong codes with the login limit', async () => {
      const secret = await enrol(admin);
      const wrongCode = String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0');
      for (let i = 0; i < 5; i++) expect((await login({ code: wrongCode })).status).toBe(401);
      expect((await login({ code: totpCode(secret) })).status).toBe(429);
    });

    it('refuses a second enrolment while on, and is turned off by another administrator', async () => {
      await enrol(admin);
      expect((await h.call('POST', '/api/session/totp', { as: admin })).status).toBe(409);
      await h.call('POST', '/api/users', { as: admin, json: { username: 'root2', password: 'plum orchard at dusk 47', roles: ['admin'] } });
      const other = await h.login('root2', 'plum orchard at dusk 47');
      const me = await h.accounts.findUserByUsername('admin');
      const reset = await h.call('PATCH', `/api/users/${me?.id}`, { as: other, json: { totp: false } });
      expect(reset.status).toBe(200);
      expect(await reset.json()).toMatchObject({ totp: false });
      expect((await login({})).status).toBe(200);
    });
  });
});
