/**
 * How PostgreSQL failures become CaseflowErrors. Failures of the connection, the server or the
 * transaction as a whole abort a whole group-commit batch; constraint failures belong to the one
 * commit that caused them.
 */
import type pg from 'pg';
import { CaseflowError, ensureError } from '../../errors.js';

/** SQLSTATEs (or their two-character classes) after which the database refuses writes. */
const STORAGE_FAILURES = ['25006', '53100', '58030', '42501'];
/** Classes of failures that concern the transaction or the connection, not one commit's rows. */
const BATCH_CLASSES = ['08', '25', '40', '53', '57', '58', 'XX'];

/** The SQLSTATE of an error thrown by node-postgres, if it is one. */
export function pgCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code)) {
    return error.code;
  }
  return undefined;
}

/** True for a primary-key or unique violation. */
export function isUniqueViolation(error: unknown): boolean {
  return pgCode(error) === '23505';
}

/** True when the failure concerns the transaction or the connection (no SQLSTATE: the connection broke). */
export function isBatchFailure(error: unknown): boolean {
  if (error instanceof CaseflowError) return false;
  const code = pgCode(error);
  return code === undefined || BATCH_CLASSES.includes(code.slice(0, 2));
}

/** A CaseflowError for any failure of a store operation: `read-only` when the database refuses writes. */
export function toStoreError(value: unknown): CaseflowError {
  if (value instanceof CaseflowError) return value;
  const error = ensureError(value);
  const code = pgCode(error);
  if (code !== undefined && STORAGE_FAILURES.includes(code)) {
    return new CaseflowError('read-only', `The database refuses writes (${code}): ${error.message}`, { cause: error });
  }
  return new CaseflowError('internal', `Store failure${code ? ` (${code})` : ''}: ${error.message}`, { cause: error });
}

/** `pool.query` whose failures are CaseflowErrors (see `toStoreError`), for reads and single-statement writes. */
export function readsOn(pool: pg.Pool) {
  return async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> => {
    try {
      return await pool.query<R>(text, values);
    } catch (error) {
      throw toStoreError(error);
    }
  };
}
