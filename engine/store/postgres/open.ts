/**
 * Every store of a PostgreSQL database on its one pool: the case store (with the audit) and, on
 * the same pool, the accounts (hinting other servers of their writes), the saved filters and the
 * outbox browser, and the change hints of the other servers.
 */
import type { OpenedStore } from '../opened-store.js';
import { createPostgresAccountStore } from './accounts-store.js';
import { postgresSingletonLock } from './advisory-lock.js';
import { hintingAccounts, listenForHints } from './change-hints.js';
import { postgresOutboxBrowser } from './outbox-browser.js';
import { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import { createPostgresSavedFilterStore } from './saved-filters-store.js';

/** Opens (migrating if needed) a PostgreSQL database with all its stores. */
export async function openPostgresStores(options: PostgresStoreOptions): Promise<OpenedStore<PostgresStore>> {
  const store = await openPostgresStore(options);
  const { nodeId } = store.leases;
  const hints = listenForHints(options.url, store.pool, nodeId);
  return {
    store,
    accounts: hintingAccounts(createPostgresAccountStore(store.pool), store.pool, nodeId),
    filters: createPostgresSavedFilterStore(store.pool),
    outbox: postgresOutboxBrowser(store.pool),
    hints,
    singleton: postgresSingletonLock(store.pool),
    async close() {
      await hints.close();
      await store.close();
    },
  };
}
