import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness, PASSWORD, type Harness } from '../server/harness.js';

/** Every argon2 verification the server makes, counted. */
const argon2 = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const original = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...original,
    verify: (...args: Parameters<typeof original.verify>) => {
      argon2.verifications += 1;
      return original.verify(...args);
    },
  };
});

const LIMIT = 5;
const WINDOW_MS = 15 * 60_000;

describe('the login rate limit under concurrency', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ users: { alice: ['agent'] }, publish: false, config: { loginMaxFailures: LIMIT, loginWindowMs: WINDOW_MS } });
    argon2.verifications = 0;
  });
  afterEach(async () => {
    vi.useRealTimers();
    await h.close();
  });

  const login = (password: string, username = 'alice') => h.call('POST', '/api/session', { json: { username, password } });

  it('verifies at most the limit of 100 simultaneous wrong passwords and answers the rest 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => login(`wrong password ${i}`)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(100 - LIMIT);
    expect(argon2.verifications).toBe(LIMIT);
    for (const answer of answers.filter((a) => a.status === 429)) {
      expect(Number(answer.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(await answer.json()).toMatchObject({ code: 'too-many-login-attempts' });
    }
  });

  it('limits an unknown username the same way, so the decoy hash cannot be made to run without end', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => login('whatever it is', 'nobody')));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(LIMIT);
    expect(argon2.verifications).toBe(LIMIT);
  });

  it('lets the right password in once the window has passed, and refuses it while it has not', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await Promise.all(Array.from({ length: 20 }, () => login('not the password')));
    const during = await login(PASSWORD);
    expect(during.status).toBe(429);
    vi.setSystemTime(Date.now() + WINDOW_MS + 1000);
    const after = await login(PASSWORD);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ user: { username: 'alice' } });
  });

  it('forgets the attempts after a successful login', async () => {
    for (let i = 0; i < LIMIT - 1; i++) expect((await login(`wrong ${i}`)).status).toBe(401);
    expect((await login(PASSWORD)).status).toBe(200);
    for (let i = 0; i < LIMIT - 1; i++) expect((await login(`wrong again ${i}`)).status).toBe(401);
    expect((await login(PASSWORD)).status).toBe(200);
  });
});
