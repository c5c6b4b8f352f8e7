/**
 * The PostgreSQL implementation of the engine's stores (cases, audit, accounts, saved filters,
 * the outbox browser), chosen with a `postgres://` database URL.
 */
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { openPostgresStores } from './open.js';
export { POSTGRES_MIGRATIONS_FOLDER } from './migrate.js';
export { createPostgresAccountStore } from './accounts-store.js';
export { createPostgresSavedFilterStore } from './saved-filters-store.js';
export { postgresOutboxBrowser } from './outbox-browser.js';
