/**
 * Opens what Caseflow keeps in the database that `CASEFLOW_DB` names: SQLite for a file path (or
 * nothing), PostgreSQL for a `postgres://` URL. The PostgreSQL store is loaded only then, so
 * SQLite needs no PostgreSQL. The server and the command-line tools open it the same way.
 */
import type { SavedFilterStore } from '../engine/accounts/saved-filters.js';
import type { AccountStore } from '../engine/accounts/types.js';
import type { AuditStore } from '../engine/audit/types.js';
import type { OutboxBrowser } from '../engine/notify/outbox-browser.js';
import type { Store } from '../engine/runtime/store.js';
import { createSqliteAccountStore } from '../engine/store/accounts-store.js';
import { openSqliteStore, type SqliteStore } from '../engine/store/index.js';
import { sqliteOutboxBrowser } from '../engine/store/report-queries.js';
import { createSqliteSavedFilterStore } from '../engine/store/saved-filters-store.js';
import type { ServerConfig } from './config.js';

/** The store of cases and of the administrative audit that a Caseflow runs on. */
export type CaseflowStore = Store & AuditStore;

/** Everything a Caseflow keeps in its database, opened and migrated. */
export interface CaseflowStorage<S extends CaseflowStore> {
  store: S;
  accounts: AccountStore;
  filters: SavedFilterStore;
  outbox: OutboxBrowser;
}

/** Opens (creating and migrating) the SQLite database of `config.dbFile`. */
export function openSqliteStorage(config: ServerConfig): CaseflowStorage<SqliteStore> {
  const store = openSqliteStore({ file: config.dbFile });
  return { store, accounts: createSqliteAccountStore(store.db), filters: createSqliteSavedFilterStore(store.db), outbox: sqliteOutboxBrowser(store) };
}

/** Opens (migrating) the configured database: PostgreSQL when `CASEFLOW_DB` is a URL, else SQLite. */
export async function openStorage(config: ServerConfig): Promise<CaseflowStorage<CaseflowStore>> {
  if (config.databaseUrl === undefined) return openSqliteStorage(config);
  const postgres = await import('../engine/store/postgres/index.js');
  const store = await postgres.openPostgresStore({ url: config.databaseUrl });
  return {
    store,
    accounts: postgres.createPostgresAccountStore(store.pool),
    filters: postgres.createPostgresSavedFilterStore(store.pool),
    outbox: postgres.postgresOutboxBrowser(store.pool),
  };
}

/** The configured database for messages and logs: the file, or the URL with its password hidden. */
export function shownDatabase(config: ServerConfig, showFile: (file: string) => string): string {
  if (config.databaseUrl === undefined) return showFile(config.dbFile);
  try {
    const url = new URL(config.databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}
