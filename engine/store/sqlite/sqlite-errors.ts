/**
 * How SQLite failures become CaseflowErrors. Storage failures (disk full, read-only file, I/O)
 * abort a whole group-commit batch; constraint failures belong to the one commit that caused them.
 */
import { CaseflowError, ensureError } from '../../errors.js';

/** Result codes (and their extended forms) after which SQLite may have rolled back the transaction. */
const STORAGE_FAILURES = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM'];
const BATCH_FAILURES = [...STORAGE_FAILURES, 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_NOMEM', 'SQLITE_CORRUPT', 'SQLITE_NOTADB'];

/** The SQLite result code of an error thrown by better-sqlite3, if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')) {
    return error.code;
  }
  return undefined;
}

function hasPrefix(code: string | undefined, prefixes: string[]): boolean {
  return code !== undefined && prefixes.some((prefix) => code === prefix || code.startsWith(`${prefix}_`));
}

/** True for a primary-key or unique violation. */
export function isUniqueViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** True when the failure concerns the database as a whole, not one commit's rows. */
export function isBatchFailure(error: unknown): boolean {
  return hasPrefix(sqliteCode(error), BATCH_FAILURES);
}

/** A CaseflowError for any failure of a store operation: `read-only` for storage failures. */
export function toStoreError(value: unknown): CaseflowError {
  if (value instanceof CaseflowError) return value;
  const error = ensureError(value);
  const code = sqliteCode(error);
  if (hasPrefix(code, STORAGE_FAILURES)) {
    return new CaseflowError('read-only', `The database refuses writes (${code}): ${error.message}`, { cause: error });
  }
  return new CaseflowError('internal', `Store failure${code ? ` (${code})` : ''}: ${error.message}`, { cause: error });
}
