/**
 * Tests only the SQLite store needs: reopening a file, the inbox's query plans, a read-only
 * database and a full disk.
 */
import { expect, it } from 'vitest';
import type { CaseQuery, CaseRecord } from '../../engine/runtime/store.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { planCaseQuery, SEARCH_SORT_CAP } from '../../engine/store/sqlite/sql/query-cases.js';
import { advanceCase, openCase, type CaseFields } from './fixtures.js';
import { rejectionCode } from './suite-commits.js';

const INBOX_QUERIES: Array<Omit<CaseQuery, 'limit'>> = [
  {},
  { status: 'active' },
  { state: 'review' },
  { processId: 'fee-approval' },
  { processId: 'fee-approval', state: 'review' },
  { processId: 'fee-approval', status: 'active', search: '13' },
  { parentId: 'case-1' },
  { roles: ['agent', 'supervisor'] },
  { roles: ['agent'], state: 'review', status: 'active' },
  { overdueAt: 5000 },
  { overdueAt: 5000, roles: ['agent', 'supervisor'] },
  { overdueAt: 5000, processId: 'fee-approval', state: 'review' },
  { assignee: 'li.na', status: 'active' },
  { assignee: 'li.na', units: ['east'] },
  { assignee: 'li.na', overdueAt: Number.MAX_SAFE_INTEGER },
  { roles: ['agent', 'team-lead'], queued: true, status: 'active' },
  { roles: ['agent', 'team-lead'], queued: true, status: 'active', units: ['east', 'west'] },
  { roles: ['team-lead'], waiting: true, units: ['east'] },
  { units: ['east'] },
];

/** Searches the trigram index can answer (three characters or more). */
const SEARCH_QUERIES: Array<Omit<CaseQuery, 'limit'>> = [
  { search: 'customer' },
  { search: '王小伟', status: 'active', processId: 'complaint-handling' },
  { search: 'case-1', state: 'new' },
  { search: 'case', parentId: 'case-1' },
  { search: 'case', roles: ['agent', 'supervisor'] },
  { search: 'case', overdueAt: 5000 },
  { search: 'case', overdueAt: 5000, roles: ['agent'] },
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

  it('reads only the stretch of the index a creation window covers', async () => {
    const store = openSqliteStore({ file: freshFile() });
    expect(store.explainCases({ processId: 'complaint-handling', createdFrom: 1000, createdBefore: 2000, units: ['east'], limit: 500 })).toEqual([
      'SEARCH c USING INDEX cases_process_idx (process_id=? AND created_at>? AND created_at<?)',
    ]);
    expect(store.explainCases({ createdBefore: 2000, limit: 500 })).toEqual(['SEARCH c USING INDEX cases_created_idx (created_at<?)']);
    await store.close();
  });

  it('answers a search with few matches from the search index, and one with many by the ordered walk', async () => {
    const store = openSqliteStore({ file: freshFile() });
    const sqlite = store.db.$client;
    await store.commit(openCase('case-1'));
    await store.commit(openCase('case-2', { createdAt: 1_800_000_000_000, nextDueAt: 1000 }));
    const explain = (sql: string, params: Array<string | number>) =>
      sqlite.prepare<Array<string | number>, { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((row) => row.detail);
    for (const query of SEARCH_QUERIES) {
      const label = JSON.stringify(query);
      // At most SEARCH_SORT_CAP matches are joined to their cases and sorted.
      for (const step of store.explainCases({ ...query, limit: 50 })) {
        expect(step, label).toMatch(/^(SCAN s VIRTUAL TABLE INDEX 0:M|SEARCH c USING INTEGER PRIMARY KEY|CORRELATED|SEARCH r|USE TEMP B-TREE FOR ORDER BY)/);
      }
      for (const { sql, params } of planCaseQuery({ ...query, limit: 50 }, 'walk').statements) {
        for (const step of explain(sql, params)) {
          expect(step, label).toMatch(/^(SEARCH|SCAN c USING INDEX|CORRELATED)/);
          expect(step, label).not.toContain('TEMP B-TREE');
        }
      }
    }
    await store.close();
  });

  it('walks the index in page order once a search has more matches than it sorts', async () => {
    const store = openSqliteStore({ file: freshFile() });
    const opened = Array.from({ length: SEARCH_SORT_CAP + 1 }, (_, i) => openCase(`case-${String(i).padStart(4, '0')}`, { createdAt: 1_700_000_000_000 + i }));
    await Promise.all(opened.map((change) => store.commit(change)));
    expect(store.explainCases({ search: 'customer', limit: 50 })).toEqual(['SCAN c USING INDEX cases_created_idx']);
    const page = await store.queryCases({ search: 'CUSTOMER case-1', limit: 3 });
    expect(page.items.map((item) => item.id)).toEqual(['case-1999', 'case-1998', 'case-1997']);
    await store.close();
  });

  it('keeps the search index in step with rows deleted or rewritten outside the store', async () => {
    const store = openSqliteStore({ file: freshFile() });
    const sqlite = store.db.$client;
    for (const id of ['case-1', 'case-2', 'case-3']) await store.commit(openCase(id, { searchText: `客户 ${id} 电话 1390000${id.slice(-1)}` }));
    sqlite.prepare("DELETE FROM cases WHERE id = 'case-1'").run();
    sqlite.prepare("UPDATE cases SET search_text = '客户 赵伟明 电话 13711112222' WHERE id = 'case-2'").run();
    const ids = async (search: string) => (await store.queryCases({ search, limit: 10 })).items.map((item) => item.id);
    expect(await ids('13900001')).toEqual([]);
    expect(await ids('13900002')).toEqual([]);
    expect(await ids('赵伟明')).toEqual(['case-2']);
    expect(await ids('电话 1')).toEqual(['case-3', 'case-2']);
    expect(() => sqlite.prepare("INSERT INTO cases_search (cases_search, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
    await store.close();
  });

  it('still searches, by the ordered walk, a read-only file from before the search index', async () => {
    const file = freshFile();
    const writable = openSqliteStore({ file });
    await writable.commit(openCase('case-1', { searchText: '客户 王小伟 电话 13912347788' }));
    for (const trigger of ['insert', 'update', 'delete']) writable.db.$client.exec(`DROP TRIGGER cases_search_${trigger}`);
    writable.db.$client.exec('DROP TABLE cases_search');
    await writable.close();

    const readonly = openSqliteStore({ file, readonly: true });
    expect((await readonly.queryCases({ search: '王小伟', limit: 5 })).items.map((item) => item.id)).toEqual(['case-1']);
    expect(readonly.explainCases({ search: '王小伟', limit: 5 })).toEqual(['SCAN c USING INDEX cases_created_idx']);
    await readonly.close();
  });

  it('keeps the role rows of a case as a fresh write would make them while only what changed is written', async () => {
    const store = openSqliteStore({ file: freshFile() });
    const sqlite = store.db.$client;
    const rowsOf = (caseId: string) =>
      sqlite.prepare('SELECT role, created_at, next_due_at, unit, queued, waiting FROM case_roles WHERE case_id = ? ORDER BY role').all(caseId);
    const steps: CaseFields[] = [
      { nextDueAt: 5000, unit: 'east', queueRoles: ['agent'] },
      { state: 'review', actionableRoles: ['agent', 'supervisor'], queueRoles: ['supervisor'] },
      { assignee: 'li.na', queueRoles: undefined },
      { nextDueAt: 9000 },
      { actionableRoles: ['supervisor', 'team-lead'], nextDueAt: undefined, waitingOn: ['team-lead'] },
      { unit: 'west', waitingOn: undefined },
      { assignee: undefined, queueRoles: ['team-lead'], nextDueAt: 12_000 },
      { status: 'done', actionableRoles: [], nextDueAt: undefined, queueRoles: undefined },
    ];
    const opened = openCase('case-1', { actionableRoles: ['agent', 'team-lead'] });
    await store.commit(opened);
    let current: CaseRecord = opened.case;
    for (const [index, fields] of steps.entries()) {
      const change = advanceCase(current, fields);
      for (const [key, value] of Object.entries(fields)) if (value === undefined) Reflect.deleteProperty(change.case, key);
      await store.commit(change);
      current = change.case;
      const twin = openCase(`twin-${index}`);
      twin.case = { ...current, id: twin.case.id, revision: 1, lastHash: twin.case.lastHash };
      await store.commit(twin);
      expect(rowsOf('case-1')).toEqual(rowsOf(twin.case.id));
    }
    expect(rowsOf('case-1')).toEqual([]);
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
