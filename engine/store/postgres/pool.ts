/**
 * The node-postgres pool of a store: int8 columns (epoch milliseconds, counts) read as numbers,
 * every session with synchronous_commit on, so a COMMIT returns only once it is durable, and
 * pipelining, so statements sent together share a round trip.
 */
import pg from 'pg';

const INT8 = 20;

/** Type parsers of the pool: int8 as a JavaScript number (every value we store is a safe integer). */
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (oid === INT8 && format !== 'binary' ? Number : pg.types.getTypeParser(oid, format)),
};

/** Options of `createPool`. */
export interface PoolOptions {
  /** A `postgres://` URL. */
  url: string;
  /** Most connections (default 10). */
  max?: number;
}

/**
 * Creates the pool of a store. It outlives the database going away (a restart, a broken network):
 * a connection that breaks, idle or lent out, is no crash; the statement on it fails (the store
 * answers `unavailable`), the pool drops it, and the next checkout connects afresh.
 */
export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    types,
    options: '-c synchronous_commit=on',
    // Statements issued together on one connection go out together (a commit's writes: one round trip).
    pipeline: true,
    application_name: 'caseflow',
  });
  // The pool listens to its idle connections; these two listen to the others, lent out between two statements.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}
