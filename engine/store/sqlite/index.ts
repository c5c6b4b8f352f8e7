/**
 * The SQLite store: the engine's `Store`, the accounts, filters and outbox reads on one
 * better-sqlite3 connection, with its drizzle schema.
 */
export { openSqliteStore, MIGRATIONS_FOLDER, type SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { openSqliteStores } from './open.js';
export * from './schema.js';
