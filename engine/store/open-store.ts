/**
 * Opens the database `CASEFLOW_DB` names with the store that serves it: a file path (or nothing)
 * is a SQLite file. Callers get an `OpenedStore` and never import a driver.
 */
import { CaseflowError } from '../errors.js';
import type { OpenedStore } from './opened-store.js';
import { openSqliteStores } from './sqlite/open.js';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** `CASEFLOW_DB`: a SQLite file (created with its folder if missing), or `:memory:`. */
  db: string;
}

/** Whether `db` names a PostgreSQL database (`postgres://…`) rather than a file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** Opens (creating and migrating if needed) the database named by `options.db`. */
export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  if (isPostgresUrl(options.db)) {
    throw new CaseflowError('invalid-input', 'CASEFLOW_DB names a PostgreSQL database, but this build has only the SQLite store', {
      details: [{ field: 'CASEFLOW_DB', message: 'must be a SQLite file path' }],
    });
  }
  return openSqliteStores({ file: options.db });
}
