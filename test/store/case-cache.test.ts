/**
 * The store keeps the rows of cases it wrote for their next event; these tests check that a
 * cached row never hides what another connection wrote, and that a refused or rolled-back write
 * never reaches the cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../engine/runtime/store.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { advanceCase, openCase } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'caseflow-cache-'));
let opened = 0;
const freshFile = () => join(root, `db-${(opened += 1)}`, 'caseflow.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function mustGet(store: { getCase(id: string): Promise<CaseRecord | undefined> }, id: string): Promise<CaseRecord> {
  const record = await store.getCase(id);
  if (!record) throw new Error(`case ${id} is missing`);
  return record;
}

describe.each([
  ['written on the event loop', false],
  ['written by a writer thread', true],
])('the store’s cache of recently written cases, %s', (_mode, writerThread) => {
  it('answers with the row another process committed after this one wrote the case', async () => {
    const file = freshFile();
    const here = openSqliteStore({ writerThread, file });
    const there = openSqliteStore({ writerThread, file });
    await here.commit(openCase('c1', { state: 'received' }));
    expect((await mustGet(here, 'c1')).revision).toBe(1);

    await there.commit(advanceCase(await mustGet(there, 'c1'), { state: 'answered' }));
    const seen = await mustGet(here, 'c1');
    expect(seen).toMatchObject({ revision: 2, state: 'answered' });

    await here.commit(advanceCase(seen, { state: 'closed' }));
    expect(await mustGet(there, 'c1')).toMatchObject({ revision: 3, state: 'closed' });
    await here.close();
    await there.close();
  });

  it('sees a row changed by a plain SQLite connection, as a repair tool would, from the next turn on', async () => {
    const file = freshFile();
    const store = openSqliteStore({ writerThread, file });
    await store.commit(openCase('c1', { state: 'received' }));
    await mustGet(store, 'c1');
    const tool = new Database(file);
    tool.prepare("UPDATE cases SET state = 'repaired' WHERE id = 'c1'").run();
    tool.close();
    // The store looks for other connections' commits once per turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect((await mustGet(store, 'c1')).state).toBe('repaired');
    await store.close();
  });

  it('keeps the stored row when a commit is refused as stale', async () => {
    const store = openSqliteStore({ writerThread, file: freshFile() });
    await store.commit(openCase('c1', { state: 'received' }));
    const first = await mustGet(store, 'c1');
    await store.commit(advanceCase(first, { state: 'answered' }));
    await expect(store.commit(advanceCase(first, { state: 'lost' }))).rejects.toMatchObject({ code: 'stale-revision' });
    expect(await mustGet(store, 'c1')).toMatchObject({ revision: 2, state: 'answered' });
    await store.close();
  });

  it('hands out a fresh object on every read, so changing one answer cannot change the next', async () => {
    const store = openSqliteStore({ writerThread, file: freshFile() });
    await store.commit(openCase('c1', { state: 'received' }));
    const first = await mustGet(store, 'c1');
    first.snapshot.data.tampered = true;
    first.actionableRoles.push('intruder');
    const again = await mustGet(store, 'c1');
    expect(again.snapshot.data.tampered).toBeUndefined();
    expect(again.actionableRoles).not.toContain('intruder');
    await store.close();
  });

  it('forgets the oldest cases beyond its capacity and still reads them from the file', async () => {
    const store = openSqliteStore({ writerThread, file: freshFile(), cachedCases: 2 });
    for (const id of ['c1', 'c2', 'c3']) await store.commit(openCase(id, { state: 'received' }));
    for (const id of ['c1', 'c2', 'c3']) expect((await mustGet(store, id)).id).toBe(id);
    await store.close();
  });
});
