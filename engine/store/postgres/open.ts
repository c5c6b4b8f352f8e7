/**
 * Every store of a PostgreSQL database on its one pool: the case store (with the audit) and, on
 * the same pool, the accounts, the saved filters and the outbox browser.
 */
import type { OpenedStore } from '../opened-store.js';
import { createPostgresAccountStore } from './accounts-store.js';
import { postgresOutboxBrowser } from './outbox-browser.js';
import { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import { createPostgresSavedFilterStore } from './saved-filters-store.js';

/** Opens (migrating if needed) a PostgreSQL database with all its stores. */
export async function openPostgresStores(options: PostgresStoreOptions): Promise<OpenedStore<PostgresStore>> {
  const store = await openPostgresStore(options);
  return {
    store,
    accounts: createPostgresAccountStore(store.pool),
    filters: createPostgresSavedFilterStore(store.pool),
    outbox: postgresOutboxBrowser(store.pool),
    close: () => store.close(),
  };
}
