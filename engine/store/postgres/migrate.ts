/**
 * Migrations of the PostgreSQL store, applied at open by drizzle's migrator while holding a
 * session advisory lock, so servers started together apply them once, one after the other.
 * A database that already has every migration is only read, so a server also opens on a
 * database that refuses writes (a read-only replica) and reports its writes as refused.
 */
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';

/** Where drizzle-kit writes the PostgreSQL migrations (see drizzle.postgres.config.ts). */
export const POSTGRES_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** The advisory lock key of migrations (any constant; "caseflow" in ASCII). */
const MIGRATION_LOCK = 0x63617365666c6f77n.toString();

/** Whether the newest migration is recorded (drizzle applies those newer than the newest recorded). */
async function upToDate(client: pg.PoolClient): Promise<boolean> {
  const newest = Math.max(...readMigrationFiles({ migrationsFolder: POSTGRES_MIGRATIONS_FOLDER }).map((m) => m.folderMillis));
  const table = await client.query<{ name: string | null }>("SELECT to_regclass('drizzle.__drizzle_migrations')::text AS name");
  if (table.rows[0]?.name === null) return false;
  const recorded = await client.query<{ newest: number | null }>('SELECT max(created_at) AS newest FROM drizzle.__drizzle_migrations');
  return (recorded.rows[0]?.newest ?? 0) >= newest;
}

/** Applies pending migrations on one connection of the pool under the migration lock. */
export async function applyMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    if (!(await upToDate(client))) {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle({ client }), { migrationsFolder: POSTGRES_MIGRATIONS_FOLDER });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    }
    client.release();
  } catch (error) {
    // A connection in an unknown state is closed rather than returned to the pool.
    client.release(true);
    throw error;
  }
}
