/**
 * Tests only the SQLite store needs: reopening a file, the inbox's query plans, a read-only
 * database and a full disk.
 */
import { expect, it } from 'vitest';
import type { CaseQuery } from '../../engine/runtime/store.js';
import { openSqliteStore } from '../../engine/store/index.js';
import { openCase } from './fixtures.js';
import { rejectionCode } from './suite-commits.js';

const INBOX_QUERIES: Array<Omit<CaseQuery, 'limit'>> = [
  {},
  { status: 'active' },
  { state: 'review' },
  { processId: 'fee-approval' },
  { processId: 'fee-approval', state: 'review' },
  { processId: 'fee-approval', status: 'active', search: '138' },
  { parentId: 'case-1' },
  { roles: ['agent', 'supervisor'] },
  { roles: ['agent'], state: 'review', status: 'active' },
  { overdueAt: 5000 },
  { overdueAt: 5000, roles: ['agent', 'supervisor'] },
  { overdueAt: 5000, processId: 'fee-approval', state: 'review' },
];

/** Registers the SQLite-only tests; `freshFile` names a new database file. */
export function describeSqliteSpecifics(freshFile: () => string): void {
  it('keeps its data and applies each migration once across reopenings', async () => {
    const file = freshFile();
    const first = openSqliteStore({ file });
    await first.commit(openCase('c1'));
    await first.close();

    const second = openSqliteStore({ file });
    await second.migrate();
    expect((await second.getCase('c1'))?.id).toBe('c1');
    const applied = second.db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get();
    const second2 = openSqliteStore({ file });
    expect(second2.db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual(applied);
    await second2.close();
    await second.close();
  });

  it('answers every inbox query by walking an index, never scanning the table or sorting', async () => {
    const store = openSqliteStore({ file: freshFile() });
    await store.commit(openCase('case-1'));
    const first = await store.queryCases({ limit: 1 });
    await store.commit(openCase('case-2', { createdAt: 1_800_000_000_000, nextDueAt: 1000 }));
    const overdue = await store.queryCases({ limit: 1, overdueAt: 5000 });
    for (const query of INBOX_QUERIES) {
      for (const cursor of [undefined, query.overdueAt === undefined ? first.nextCursor : overdue.nextCursor]) {
        const plan = store.explainCases({ ...query, limit: 50, cursor });
        expect(plan.length, JSON.stringify(query)).toBeGreaterThan(0);
        for (const step of plan) {
          expect(step, JSON.stringify(query)).toMatch(/^(SEARCH|SCAN c USING INDEX|CORRELATED)/);
          expect(step, JSON.stringify(query)).not.toContain('TEMP B-TREE');
        }
      }
    }
    await store.close();
  });

  it('refuses writes to a read-only database and still reads it', async () => {
    const file = freshFile();
    const writable = openSqliteStore({ file });
    await writable.commit(openCase('c1'));
    await writable.close();

    const readonly = openSqliteStore({ file, readonly: true });
    expect(await rejectionCode(readonly.commit(openCase('c2')))).toBe('read-only');
    expect(await rejectionCode(readonly.publishVersion({ processId: 'p', name: 'P', yaml: '', files: {}, publishedBy: 'x', publishedAt: 1 }))).toBe('read-only');
    expect((await readonly.getCase('c1'))?.id).toBe('c1');
    expect(await readonly.getCase('c2')).toBeUndefined();
    await readonly.close();
  });

  it('rejects a whole batch with read-only when the disk is full, writes none of it, and recovers', async () => {
    const store = openSqliteStore({ file: freshFile() });
    await store.commit(openCase('before'));
    const sqlite = store.db.$client;
    const pages = sqlite.pragma('page_count', { simple: true });
    sqlite.pragma(`max_page_count = ${String(pages)}`);

    const bulky = { note: 'x'.repeat(20_000) };
    const batch = Array.from({ length: 50 }, (_, i) => openCase(`full-${i}`, { snapshot: { value: 'new', data: bulky, clocks: {}, status: 'active' } }));
    const results = await Promise.allSettled(batch.map((change) => store.commit(change)));

    expect(results.every((result) => result.status === 'rejected' && result.reason.code === 'read-only')).toBe(true);
    expect((await store.queryCases({ limit: 100 })).items.map((item) => item.id)).toEqual(['before']);
    expect(await store.getEvents('full-0')).toEqual([]);

    sqlite.pragma('max_page_count = 1073741823');
    await store.commit(batch[0]);
    expect((await store.getCase('full-0'))?.snapshot.data).toEqual(bulky);
    await store.close();
  });
}
