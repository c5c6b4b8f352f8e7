/**
 * The PostgreSQL implementation of the engine's `Store`, chosen with a `postgres://` database URL.
 */
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { POSTGRES_MIGRATIONS_FOLDER } from './migrate.js';
