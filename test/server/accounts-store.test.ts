import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryAccountStore } from '../../engine/accounts/memory-store.js';
import type { AccountStore, UserRecord } from '../../engine/accounts/types.js';
import { createSqliteAccountStore } from '../../engine/store/accounts-store.js';
import { openSqliteStore } from '../../engine/store/index.js';
import { createPostgresAccountStore, openPostgresStore } from '../../engine/store/postgres/index.js';
import { postgresAvailable, sharedPgDatabase } from '../support/pg-cluster.js';

const user = (id: string, username: string, roles: string[] = ['agent']): UserRecord => ({
  id, username, passwordHash: `$argon2id$fake-${id}`, roles, units: [], totpEnabled: false, createdAt: 1000, disabled: false,
});

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});
const onPostgres = postgresAvailable();
const postgres = sharedPgDatabase();
// The cluster starts before the tests, whose time limit is shorter than that of hooks.
beforeAll(async () => {
  if (onPostgres) await postgres.emptied();
});
afterAll(() => postgres.stop());

const stores: Array<[string, () => AccountStore | Promise<AccountStore>]> = [
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
if (onPostgres) {
  stores.push([
    'on PostgreSQL',
    async () => {
      const store = await openPostgresStore({ url: await postgres.emptied() });
      opened.push(store);
      return createPostgresAccountStore(store.pool);
    },
  ]);
}

describe.each(stores)('the account store %s', (_name, open) => {
  it('stores users and finds them by id and by username regardless of case', async () => {
    const accounts = await open();
    await accounts.createUser(user('u1', 'Alice', ['agent', 'team-lead']));
    expect(await accounts.getUser('u1')).toEqual(user('u1', 'Alice', ['agent', 'team-lead']));
    expect((await accounts.findUserByUsername('alice'))?.id).toBe('u1');
    expect(await accounts.findUserByUsername('bob')).toBeUndefined();
    expect(await accounts.getUser('nobody')).toBeUndefined();
  });

  it('refuses a second user with the same username in another case as a conflict', async () => {
    const accounts = await open();
    await accounts.createUser(user('u1', 'alice'));
    await expect(accounts.createUser(user('u2', 'ALICE'))).rejects.toMatchObject({ code: 'conflict' });
    expect(await accounts.listUsers()).toHaveLength(1);
  });

  it('lists users by username and applies changes to roles, disabled and password hash', async () => {
    const accounts = await open();
    await accounts.createUser(user('u2', 'carol'));
    await accounts.createUser(user('u1', 'bob'));
    expect((await accounts.listUsers()).map((u) => u.username)).toEqual(['bob', 'carol']);
    const changed = await accounts.updateUser('u1', { roles: ['finance'], disabled: true, passwordHash: 'new' });
    expect(changed).toEqual({ ...user('u1', 'bob', ['finance']), disabled: true, passwordHash: 'new' });
    expect(await accounts.updateUser('nobody', { disabled: true })).toBeUndefined();
  });

  it('keeps sessions until deleted, per user, or expired', async () => {
    const accounts = await open();
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
    const accounts = await open();
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
    const accounts = await open();
    const name = "x'; DROP TABLE users;--";
    await accounts.createUser(user('u1', name));
    expect((await accounts.findUserByUsername(name))?.username).toBe(name);
    expect(await accounts.listUsers()).toHaveLength(1);
  });

  it('keeps units, display name, email, absence and the second factor, and clears them with null', async () => {
    const accounts = await open();
    await accounts.createUser({ ...user('u1', 'li.na'), units: ['east-district'], displayName: '李娜', email: 'li.na@example.com' });
    const absence = { from: 10, until: 20, delegateId: 'u2', reason: '年假 Annual leave' };
    const changed = await accounts.updateUser('u1', { units: ['east-district', 'west-district'], absence, totpSecret: 'JBSWY3DPEHPK3PXP', totpEnabled: true });
    expect(changed).toMatchObject({ units: ['east-district', 'west-district'], displayName: '李娜', email: 'li.na@example.com', absence, totpSecret: 'JBSWY3DPEHPK3PXP', totpEnabled: true });
    const cleared = await accounts.updateUser('u1', { displayName: null, email: null, absence: null, totpSecret: null, totpEnabled: false });
    expect(cleared).toEqual({ ...user('u1', 'li.na'), units: ['east-district', 'west-district'] });
    expect(await accounts.getUser('u1')).toEqual(cleared);
  });

  it('lists the users holding a role, by username, with their units and absence', async () => {
    const accounts = await open();
    await accounts.createUser({ ...user('u1', 'wang', ['agent']), units: ['east-district'] });
    await accounts.createUser(user('u2', 'chen', ['team-lead', 'agent']));
    await accounts.createUser(user('u3', 'zhao', ['team-lead']));
    await accounts.updateUser('u1', { absence: { from: 1, until: 2, delegateId: 'u2' } });
    const agents = await accounts.listUsersWithRole('agent');
    expect(agents.map((u) => u.username)).toEqual(['chen', 'wang']);
    expect(agents[1]).toMatchObject({ units: ['east-district'], absence: { delegateId: 'u2' } });
    expect(await accounts.listUsersWithRole('agen')).toEqual([]);
  });

  it('spends a TOTP step once, and no step earlier than the last one spent', async () => {
    const accounts = await open();
    await accounts.createUser(user('u1', 'admin'));
    expect(await accounts.spendTotpStep('u1', 100)).toBe(true);
    expect(await accounts.spendTotpStep('u1', 100)).toBe(false);
    expect(await accounts.spendTotpStep('u1', 99)).toBe(false);
    expect(await accounts.spendTotpStep('u1', 101)).toBe(true);
    expect((await accounts.getUser('u1'))?.totpLastStep).toBe(101);
    expect(await accounts.spendTotpStep('nobody', 5)).toBe(false);
  });

  it('finds the users whose absence names a delegate', async () => {
    const accounts = await open();
    await accounts.createUser(user('u1', 'wang'));
    await accounts.createUser(user('u2', 'chen'));
    await accounts.createUser(user('u3', 'zhao'));
    await accounts.updateUser('u1', { absence: { from: 1, until: 2, delegateId: 'u3' } });
    await accounts.updateUser('u2', { absence: { from: 5, until: 9, delegateId: 'u3' } });
    expect((await accounts.listUsersDelegatingTo('u3')).map((u) => u.username)).toEqual(['chen', 'wang']);
    expect(await accounts.listUsersDelegatingTo('u1')).toEqual([]);
  });

  it('keeps a token\'s expiry', async () => {
    const accounts = await open();
    await accounts.createToken({ id: 't1', name: 'one', hash: 'h1', userId: 'u1', roles: [], createdAt: 1, expiresAt: 99 });
    expect(await accounts.getToken('t1')).toMatchObject({ expiresAt: 99 });
  });

  it('starts with no units and the default city-level and supervisor roles', async () => {
    expect(await (await open()).getDirectory()).toEqual({ units: [], cityRoles: ['cs-director', 'general-manager'], supervisorRoles: ['team-lead', 'center-manager'] });
  });

  it('adds units once each, relabels them, and answers undefined for an unknown one', async () => {
    const accounts = await open();
    await accounts.createUnit({ id: 'west-district', label: '西城区分公司 West district' });
    await accounts.createUnit({ id: 'east-district', label: '东城区 East' });
    await expect(accounts.createUnit({ id: 'east-district', label: 'again' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await accounts.updateUnit('east-district', { label: '东城区分公司 East district' })).toEqual({ id: 'east-district', label: '东城区分公司 East district' });
    expect(await accounts.updateUnit('north', { label: 'x' })).toBeUndefined();
    expect((await accounts.getDirectory()).units).toEqual([
      { id: 'east-district', label: '东城区分公司 East district' },
      { id: 'west-district', label: '西城区分公司 West district' },
    ]);
  });

  it('replaces the whole directory, and refuses (changing nothing) to drop a unit someone belongs to', async () => {
    const accounts = await open();
    await accounts.createUnit({ id: 'east-district', label: 'East' });
    await accounts.createUnit({ id: 'old-branch', label: 'Old' });
    await accounts.createUser({ ...user('u1', 'li.na'), units: ['east-district'] });
    const next = { units: [{ id: 'east-district', label: '东城 East' }, { id: 'hq', label: '总部 HQ' }], cityRoles: ['general-manager'], supervisorRoles: ['team-lead'] };
    await accounts.replaceDirectory(next);
    expect(await accounts.getDirectory()).toEqual(next);
    await expect(accounts.replaceDirectory({ ...next, units: [{ id: 'hq', label: 'HQ' }] })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('east-district (li.na)') });
    expect(await accounts.getDirectory()).toEqual(next);
  });
});
