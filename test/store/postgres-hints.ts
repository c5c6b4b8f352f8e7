/**
 * Change hints between servers on one PostgreSQL database: an account write on one reaches the
 * other's cache after its commit, and a listener whose connection breaks is told hints were lost.
 */
import { expect, it } from 'vitest';
import type { ChangeHint } from '../../engine/store/change-hints.js';
import { openPostgresStores } from '../../engine/store/postgres/index.js';
import { cachedAccounts } from '../../server/auth/account-cache.js';

const alice = { id: 'u1', username: 'alice', passwordHash: '$argon2id$fake', roles: ['agent'], units: [], totpEnabled: false, createdAt: 1000, disabled: false };
const token = { id: 't1', name: 'crm', hash: 'h1', userId: 'u1', roles: ['agent'], createdAt: 1000 };

/** Registers the hint tests; `freshDatabase` gives the URL of a new empty database. */
export function describePostgresHints(freshDatabase: () => Promise<string>): void {
  it('tells the other server\'s account cache of a revoked token and a disabled user after the commit, and not the writer', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStores({ url, node: { id: 'east' } });
    const west = await openPostgresStores({ url, node: { id: 'west' } });
    try {
      const heardEast: Array<ChangeHint['topic']> = [];
      const heardWest: Array<ChangeHint['topic']> = [];
      east.hints?.subscribe((hint) => heardEast.push(hint.topic));
      west.hints?.subscribe((hint) => heardWest.push(hint.topic));
      // Listening has begun once each is told that what came before is unknown.
      await expect.poll(() => [heardEast.length, heardWest.length]).toEqual([1, 1]);
      // A cache that would otherwise remember for an hour.
      const westAccounts = cachedAccounts(west.accounts, { ttlMs: 3_600_000, hints: west.hints });
      await east.accounts.createUser(alice);
      await east.accounts.createToken(token);
      await expect.poll(async () => (await westAccounts.findTokenByHash('h1'))?.id).toBe('t1');
      await east.accounts.revokeToken('t1', 5000);
      await expect.poll(async () => (await westAccounts.findTokenByHash('h1'))?.revokedAt, { timeout: 1000, interval: 20 }).toBe(5000);
      expect((await westAccounts.getUser('u1'))?.disabled).toBe(false);
      await east.accounts.updateUser('u1', { disabled: true });
      await expect.poll(async () => (await westAccounts.getUser('u1'))?.disabled, { timeout: 1000, interval: 20 }).toBe(true);
      expect(heardEast).toEqual(['lost']);
      // createUser, revokeToken, updateUser: a new token needs no hint, no cache can hold it yet.
      await expect.poll(() => heardWest.filter((topic) => topic === 'accounts').length).toBe(3);

      // The listening connection goes: the cache is told hints may be lost, and listening resumes.
      await east.store.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'caseflow-hints' AND pid <> pg_backend_pid()");
      await expect.poll(() => heardEast.filter((topic) => topic === 'lost').length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
      await west.accounts.updateUser('u1', { disabled: false });
      await expect.poll(() => heardEast.includes('accounts'), { timeout: 5000 }).toBe(true);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });
}
