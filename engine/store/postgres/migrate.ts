/**
 * Migrations of the PostgreSQL store, applied at open by drizzle's migrator while holding a
 * session advisory lock, so servers started together apply them once, one after the other.
 */
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';

/** Where drizzle-kit writes the PostgreSQL migrations (see drizzle.postgres.config.ts). */
export const POSTGRES_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** The advisory lock key of migrations (any constant; "caseflow" in ASCII). */
const MIGRATION_LOCK = 0x63617365666c6f77n;

/** Applies pending migrations on one connection of the pool under the migration lock. */
export async function applyMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: POSTGRES_MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
    client.release();
  } catch (error) {
    // A connection in an unknown state is closed rather than returned to the pool.
    client.release(true);
    throw error;
  }
}
