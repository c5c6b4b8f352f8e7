/**
 * The store, database and account suites against SQLite, plus what only SQLite has: WAL and full sync, plans
 * that keep the inbox on its indexes, read-only files and a full disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { OpenedStore } from '../../engine/store/opened-store.js';
import { openSqliteStore, openSqliteStores } from '../../engine/store/sqlite/index.js';
import { runStoreSuite } from './store-suite.js';
import { describeSqliteSpecifics } from './sqlite-specifics.js';
import { runAccountSuite } from './suite-accounts.js';
import { runDatabaseSuite } from './suite-database.js';

const root = mkdtempSync(join(tmpdir(), 'caseflow-store-'));
let opened = 0;

/** A path for a fresh database file under this run's temp folder. */
export function freshFile(): string {
  opened += 1;
  return join(root, `store-${opened}`, 'caseflow.db');
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

runStoreSuite('SQLite', async () => openSqliteStore({ file: freshFile() }));
runDatabaseSuite('SQLite', async () => openSqliteStores({ file: freshFile() }));

const openedForAccounts: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(openedForAccounts.splice(0).map((opened) => opened.close()));
});
runAccountSuite('on SQLite', async () => {
  const opened = openSqliteStores({ file: ':memory:' });
  openedForAccounts.push(opened);
  return opened.accounts;
});

describe('SQLite store', () => {
  it('opens in WAL mode with fully synced commits by default', async () => {
    const store = openSqliteStore({ file: freshFile() });
    const sqlite = store.db.$client;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
  });

  describeSqliteSpecifics(freshFile);
});
