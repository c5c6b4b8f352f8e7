/**
 * The store and database suites against SQLite with the writer thread: case commits are written
 * on the thread's own connection, everything else on the store's, with the same guarantees.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore, openSqliteStores } from '../../engine/store/sqlite/index.js';
import { runStoreSuite } from './store-suite.js';
import { runDatabaseSuite } from './suite-database.js';

const root = mkdtempSync(join(tmpdir(), 'caseflow-writer-'));
let opened = 0;
const freshFile = () => join(root, `store-${(opened += 1)}`, 'caseflow.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

runStoreSuite('SQLite with a writer thread', async () => openSqliteStore({ file: freshFile(), writerThread: true }));
runDatabaseSuite('SQLite with a writer thread', async () => openSqliteStores({ file: freshFile(), writerThread: true }));
