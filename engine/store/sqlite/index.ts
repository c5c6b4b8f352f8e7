/**
 * The store package: the SQLite implementation of the engine's `Store` and its drizzle schema.
 */
export { openSqliteStore, MIGRATIONS_FOLDER, type SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export * from './schema.js';
