import { describe, expect, it } from 'vitest';
import { memoryAccountStore } from '../../engine/accounts/memory-store.js';
import type { AccountStore, ApiTokenRecord, SessionRecord, UserRecord } from '../../engine/accounts/types.js';
import type { ChangeHint, ChangeHints } from '../../engine/store/change-hints.js';
import { cachedAccounts } from '../../server/auth/account-cache.js';

const alice: UserRecord = { id: 'u1', username: 'alice', passwordHash: '$argon2id$fake', roles: ['agent', 'team-lead'], units: [], totpEnabled: false, createdAt: 1000, disabled: false };
const token: ApiTokenRecord = { id: 't1', name: 'crm', hash: 'h1', userId: 'u1', roles: ['agent'], createdAt: 1000 };
const session: SessionRecord = { id: 's1', userId: 'u1', csrfToken: 'csrf', createdAt: 1000, expiresAt: 10_000_000 };

/** A store that counts the lookups reaching it. */
function countingStore(): { store: AccountStore; reads: Record<string, number> } {
  const inner = memoryAccountStore();
  const reads: Record<string, number> = { getUser: 0, findTokenByHash: 0, getSession: 0, findUserByUsername: 0, listUsersWithRole: 0 };
  const store: AccountStore = {
    ...inner,
    findUserByUsername: (username) => { reads.findUserByUsername++; return inner.findUserByUsername(username); },
    listUsersWithRole: (role) => { reads.listUsersWithRole++; return inner.listUsersWithRole(role); },
    getUser: (id) => { reads.getUser++; return inner.getUser(id); },
    findTokenByHash: (hash) => { reads.findTokenByHash++; return inner.findTokenByHash(hash); },
    getSession: (id) => { reads.getSession++; return inner.getSession(id); },
  };
  return { store, reads };
}

async function filled(ttlMs = 1000) {
  let clock = 0;
  const { store, reads } = countingStore();
  const accounts = cachedAccounts(store, { ttlMs, now: () => clock });
  await accounts.createUser(alice);
  await accounts.createToken(token);
  await accounts.createSession(session);
  return { accounts, store, reads, advance: (ms: number) => { clock += ms; } };
}

describe('the account cache', () => {
  it('forgets every remembered lookup when another server hints that accounts changed (not when its clock moved), long before its time to live', async () => {
    let tell: ((hint: ChangeHint) => void) | undefined;
    const hints: ChangeHints = { subscribe: (listener) => { tell = listener; return () => { tell = undefined; }; }, send: async () => {} };
    const { store, reads } = countingStore();
    const accounts = cachedAccounts(store, { ttlMs: 3_600_000, hints });
    // The writes below go straight to the database, as another server's would.
    await store.createUser(alice);
    await store.createToken(token);
    expect(await accounts.findTokenByHash('h1')).toEqual(token);
    expect((await accounts.getUser('u1'))?.disabled).toBe(false);
    await store.revokeToken('t1', 5000);
    await store.updateUser('u1', { disabled: true });
    expect((await accounts.findTokenByHash('h1'))?.revokedAt).toBeUndefined();
    tell?.({ topic: 'clock', now: 1 });
    expect((await accounts.findTokenByHash('h1'))?.revokedAt).toBeUndefined();
    tell?.({ topic: 'accounts' });
    expect((await accounts.findTokenByHash('h1'))?.revokedAt).toBe(5000);
    expect((await accounts.getUser('u1'))?.disabled).toBe(true);
    expect(reads).toMatchObject({ findTokenByHash: 2, getUser: 2 });
    tell?.({ topic: 'lost' });
    await accounts.getUser('u1');
    expect(reads.getUser).toBe(3);
  });

  it('answers repeated token, session and user lookups from memory within its time to live', async () => {
    const { accounts, reads } = await filled();
    for (let i = 0; i < 3; i++) {
      expect(await accounts.findTokenByHash('h1')).toEqual(token);
      expect(await accounts.getSession('s1')).toEqual(session);
      expect(await accounts.getUser('u1')).toEqual(alice);
    }
    expect(reads).toMatchObject({ getUser: 1, findTokenByHash: 1, getSession: 1 });
  });

  it('remembers people by username and by role for the engine, and forgets them on any change to a user', async () => {
    const { accounts, reads } = await filled();
    for (let i = 0; i < 3; i++) {
      expect((await accounts.findUserByUsername('Alice'))?.id).toBe('u1');
      expect((await accounts.listUsersWithRole('team-lead')).map((u) => u.id)).toEqual(['u1']);
    }
    expect(reads).toMatchObject({ findUserByUsername: 1, listUsersWithRole: 1 });
    await accounts.updateUser('u1', { roles: ['agent'] });
    expect(await accounts.listUsersWithRole('team-lead')).toEqual([]);
    expect((await accounts.findUserByUsername('alice'))?.roles).toEqual(['agent']);
    expect(reads).toMatchObject({ findUserByUsername: 2, listUsersWithRole: 2 });
  });

  it('reads the store again once an entry is older than its time to live', async () => {
    const { accounts, reads, advance } = await filled(1000);
    await accounts.getUser('u1');
    advance(999);
    await accounts.getUser('u1');
    advance(2);
    await accounts.getUser('u1');
    expect(reads.getUser).toBe(2);
  });

  it('never remembers a miss, so a token issued later is found at once', async () => {
    const { accounts, reads } = await filled();
    expect(await accounts.findTokenByHash('h2')).toBeUndefined();
    expect(await accounts.findTokenByHash('h2')).toBeUndefined();
    expect(reads.findTokenByHash).toBe(2);
    await accounts.createToken({ ...token, id: 't2', hash: 'h2' });
    expect((await accounts.findTokenByHash('h2'))?.id).toBe('t2');
  });

  it('sees a revoked token as revoked on the next lookup', async () => {
    const { accounts } = await filled();
    await accounts.findTokenByHash('h1');
    await accounts.revokeToken('t1', 5000);
    expect((await accounts.findTokenByHash('h1'))?.revokedAt).toBe(5000);
  });

  it('sees a disabled user and changed roles on the next lookup', async () => {
    const { accounts } = await filled();
    await accounts.getUser('u1');
    await accounts.updateUser('u1', { disabled: true, roles: ['agent'] });
    expect(await accounts.getUser('u1')).toMatchObject({ disabled: true, roles: ['agent'] });
  });

  it('forgets a session on logout, on logging a user out everywhere, and on removing expired sessions', async () => {
    const { accounts } = await filled();
    await accounts.getSession('s1');
    await accounts.deleteSession('s1');
    expect(await accounts.getSession('s1')).toBeUndefined();

    await accounts.createSession(session);
    await accounts.getSession('s1');
    await accounts.deleteUserSessions('u1');
    expect(await accounts.getSession('s1')).toBeUndefined();

    await accounts.createSession({ ...session, expiresAt: 2000 });
    await accounts.getSession('s1');
    await accounts.deleteExpiredSessions(3000);
    expect(await accounts.getSession('s1')).toBeUndefined();
  });

  it('does not keep a lookup that was under way while a write changed the record', async () => {
    const { store } = countingStore();
    await store.createUser(alice);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const slow: AccountStore = { ...store, getUser: async (id) => { const before = await store.getUser(id); await gate; return before; } };
    const accounts = cachedAccounts(slow);
    const stale = accounts.getUser('u1');
    await accounts.updateUser('u1', { disabled: true });
    release();
    expect((await stale)?.disabled).toBe(false);
    // The overlapped read was not remembered: the next lookup goes to the store and sees the change.
    expect((await accounts.getUser('u1'))?.disabled).toBe(true);
  });
});
