/**
 * How PostgreSQL failures become CaseflowErrors. Failures of the connection, the server or the
 * transaction as a whole abort a whole group-commit batch; constraint failures belong to the one
 * commit that caused them.
 */
import type pg from 'pg';
import { CaseflowError, ensureError } from '../../errors.js';

/** SQLSTATEs (or their two-character classes) after which the database refuses writes. */
const STORAGE_FAILURES = ['25006', '53100', '58030', '42501'];
/**
 * SQLSTATEs (or classes) of a database that is going away or not back yet: connection exceptions,
 * an administrator's shutdown or restart, "the database system is starting up", too many connections.
 */
const UNREACHABLE = ['08', '57P01', '57P02', '57P03', '53300'];
/** Socket errors of a database that does not answer (no SQLSTATE: the server is down or the connection broke). */
const SOCKET_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'];
/** node-postgres's own words for a connection that ended or could not be had. */
const LOST_CONNECTION = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|not queryable/i;

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

/** True when the database could not be reached or went away mid-statement: worth trying again in a moment. */
export function isUnreachable(error: unknown): boolean {
  const code = pgCode(error);
  if (code !== undefined) return UNREACHABLE.some((prefix) => code.startsWith(prefix));
  if (!(error instanceof Error)) return false;
  const socket = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return (socket !== undefined && SOCKET_CODES.includes(socket)) || LOST_CONNECTION.test(error.message);
}

/**
 * A CaseflowError for any failure of a store operation: `unavailable` when the database cannot be
 * reached (the transaction did not commit, or its COMMIT's answer was lost), `read-only` when it refuses writes.
 */
export function toStoreError(value: unknown): CaseflowError {
  if (value instanceof CaseflowError) return value;
  const error = ensureError(value);
  const code = pgCode(error);
  if (isUnreachable(error)) {
    return new CaseflowError('unavailable', `The database cannot be reached${code ? ` (${code})` : ''}: ${error.message}`, { cause: error });
  }
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
