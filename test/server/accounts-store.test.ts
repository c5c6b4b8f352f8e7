import { afterEach, describe, expect, it } from 'vitest';
import { memoryAccountStore } from '../../engine/accounts/memory-store.js';
import type { AccountStore, UserRecord } from '../../engine/accounts/types.js';
import { createSqliteAccountStore } from '../../engine/store/accounts-store.js';
import { openSqliteStore, type SqliteStore } from '../../engine/store/index.js';

const user = (id: string, username: string, roles: string[] = ['agent']): UserRecord => ({
  id, username, passwordHash: `$argon2id$fake-${id}`, roles, createdAt: 1000, disabled: false,
});

const opened: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const stores: Array<[string, () => AccountStore]> = [
  ['in memory', memoryAccountStore],
  [
    'on SQLite',
    () => {
      const store = openSqliteStore({ file: ':memory:' });
      opened.push(store);
      return createSqliteAccountStore(store.db);
    },
  ],
];

describe.each(stores)('the account store %s', (_name, open) => {
  it('stores users and finds them by id and by username regardless of case', async () => {
    const accounts = open();
    await accounts.createUser(user('u1', 'Alice', ['agent', 'team-lead']));
    expect(await accounts.getUser('u1')).toEqual(user('u1', 'Alice', ['agent', 'team-lead']));
    expect((await accounts.findUserByUsername('alice'))?.id).toBe('u1');
    expect(await accounts.findUserByUsername('bob')).toBeUndefined();
    expect(await accounts.getUser('nobody')).toBeUndefined();
  });

  it('refuses a second user with the same username in another case as a conflict', async () => {
    const accounts = open();
    await accounts.createUser(user('u1', 'alice'));
    await expect(accounts.createUser(user('u2', 'ALICE'))).rejects.toMatchObject({ code: 'conflict' });
    expect(await accounts.listUsers()).toHaveLength(1);
  });

  it('lists users by username and applies changes to roles, disabled and password hash', async () => {
    const accounts = open();
    await accounts.createUser(user('u2', 'carol'));
    await accounts.createUser(user('u1', 'bob'));
    expect((await accounts.listUsers()).map((u) => u.username)).toEqual(['bob', 'carol']);
    const changed = await accounts.updateUser('u1', { roles: ['finance'], disabled: true, passwordHash: 'new' });
    expect(changed).toEqual({ ...user('u1', 'bob', ['finance']), disabled: true, passwordHash: 'new' });
    expect(await accounts.updateUser('nobody', { disabled: true })).toBeUndefined();
  });

  it('keeps sessions until deleted, per user, or expired', async () => {
    const accounts = open();
    await accounts.createSession({ id: 's1', userId: 'u1', csrfToken: 'c1', createdAt: 0, expiresAt: 100 });
    await accounts.createSession({ id: 's2', userId: 'u1', csrfToken: 'c2', createdAt: 0, expiresAt: 500 });
    await accounts.createSession({ id: 's3', userId: 'u2', csrfToken: 'c3', createdAt: 0, expiresAt: 500 });
    expect(await accounts.getSession('s1')).toEqual({ id: 's1', userId: 'u1', csrfToken: 'c1', createdAt: 0, expiresAt: 100 });
    expect(await accounts.deleteExpiredSessions(200)).toBe(1);
    expect(await accounts.getSession('s1')).toBeUndefined();
    await accounts.deleteUserSessions('u1');
    expect(await accounts.getSession('s2')).toBeUndefined();
    expect(await accounts.getSession('s3')).toBeDefined();
    await accounts.deleteSession('s3');
    expect(await accounts.getSession('s3')).toBeUndefined();
  });

  it('finds tokens by hash, lists them newest first, and keeps the first revocation time', async () => {
    const accounts = open();
    await accounts.createToken({ id: 't1', name: 'one', hash: 'h1', userId: 'u1', roles: ['agent'], createdAt: 1 });
    await accounts.createToken({ id: 't2', name: 'two', hash: 'h2', userId: 'u2', roles: [], createdAt: 2 });
    expect(await accounts.findTokenByHash('h1')).toEqual({ id: 't1', name: 'one', hash: 'h1', userId: 'u1', roles: ['agent'], createdAt: 1 });
    expect((await accounts.listTokens()).map((t) => t.id)).toEqual(['t2', 't1']);
    expect((await accounts.listTokens('u1')).map((t) => t.id)).toEqual(['t1']);
    expect((await accounts.revokeToken('t1', 50))?.revokedAt).toBe(50);
    expect((await accounts.revokeToken('t1', 90))?.revokedAt).toBe(50);
    expect((await accounts.getToken('t1'))?.revokedAt).toBe(50);
    expect(await accounts.revokeToken('nope', 1)).toBeUndefined();
  });

  it('stores text as text: quotes and SQL in a username are data', async () => {
    const accounts = open();
    const name = "x'; DROP TABLE users;--";
    await accounts.createUser(user('u1', name));
    expect((await accounts.findUserByUsername(name))?.username).toBe(name);
    expect(await accounts.listUsers()).toHaveLength(1);
  });
});
