/**
 * Opens the database `CASEFLOW_DB` names with the store that serves it: a `postgres://` URL is a
 * PostgreSQL database (its store loaded only then, so SQLite needs no PostgreSQL code), a file
 * path (or nothing) a SQLite file. Callers get an `OpenedStore` and never import a driver.
 */
import { isPostgresUrl } from './database-url.js';
import type { NodeOptions } from './node-options.js';
import type { OpenedStore } from './opened-store.js';
import { openSqliteStores } from './sqlite/open.js';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** `CASEFLOW_DB`: a `postgres://` URL, a SQLite file (created with its folder if missing), or `:memory:`. */
  db: string;
  /** This server among those sharing a PostgreSQL database (a SQLite file has one server). */
  node?: NodeOptions;
  /** A SQLite file's case commits written on a writer thread (see `SqliteStoreOptions.writerThread`). */
  writerThread?: boolean;
}

/** Opens (creating and migrating if needed) the database named by `options.db`. */
export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  if (isPostgresUrl(options.db)) {
    const { openPostgresStores } = await import('./postgres/open.js');
    return openPostgresStores({ url: options.db, node: options.node });
  }
  return openSqliteStores({ file: options.db, writerThread: options.writerThread });
}
