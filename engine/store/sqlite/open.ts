/**
 * Every store of a SQLite database on its one connection: the case store and, over its drizzle
 * handle, the accounts, the saved filters and the outbox browser.
 */
import { singleServerLock } from '../../runtime/singleton-lock.js';
import type { OpenedStore } from '../opened-store.js';
import { createSqliteAccountStore } from './accounts-store.js';
import { sqliteOutboxBrowser } from './outbox-browser.js';
import { createSqliteSavedFilterStore } from './saved-filters-store.js';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

/** Opens (creating and migrating if needed) a SQLite database with all its stores. */
export function openSqliteStores(options: SqliteStoreOptions): OpenedStore<SqliteStore> {
  const store = openSqliteStore(options);
  return {
    store,
    accounts: createSqliteAccountStore(store.db),
    filters: createSqliteSavedFilterStore(store.db),
    outbox: sqliteOutboxBrowser(store),
    // One server per SQLite file: its singleton work always runs.
    singleton: singleServerLock,
    close: () => store.close(),
  };
}
