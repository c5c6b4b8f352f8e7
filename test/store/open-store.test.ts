/** `openStore`: the database CASEFLOW_DB names, opened with all its stores (PostgreSQL: see postgres.test.ts). */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../engine/store/open-store.js';

describe('openStore', () => {
  it('opens a SQLite database with the case store, accounts, filters and outbox on it', async () => {
    const opened = await openStore({ db: ':memory:' });
    try {
      await opened.accounts.createUnit({ id: 'east', label: 'East' });
      await opened.filters.save({ id: 'f1', ownerId: 'u1', name: 'Mine', query: { view: 'mine' }, createdAt: 1 });
      expect((await opened.accounts.getDirectory()).units).toEqual([{ id: 'east', label: 'East' }]);
      expect(await opened.filters.list({ userId: 'u1', units: [], roles: [] })).toHaveLength(1);
      expect(await opened.outbox.counts()).toEqual({ pending: 0, failed: 0, dead: 0, sent: 0 });
      expect(await opened.store.listProcesses()).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
