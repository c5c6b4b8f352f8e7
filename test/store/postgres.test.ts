/**
 * The store suite against PostgreSQL (a throw-away cluster; one database, emptied before each
 * test, which is about five times quicker than creating one per test), plus
 * what only the PostgreSQL store has: migrations under an advisory lock, so servers opening one
 * database together apply them once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../engine/store/postgres/index.js';
import { emptyDatabase, postgresAvailable, startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { runStoreSuite } from './store-suite.js';

describe.runIf(postgresAvailable())('PostgreSQL', () => {
  let cluster: PgCluster | undefined;
  const freshDatabase = async () => {
    if (!cluster) throw new Error('The PostgreSQL cluster is not running');
    return cluster.createDatabase();
  };
  let suiteDatabase = '';
  beforeAll(async () => {
    cluster = await startPgCluster();
    console.info(`PostgreSQL test cluster started in ${Math.round(cluster.startMs)} ms`);
    suiteDatabase = await cluster.createDatabase();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  runStoreSuite('PostgreSQL', async () => {
    const store = await openPostgresStore({ url: suiteDatabase });
    await emptyDatabase(suiteDatabase);
    return store;
  });

  describe('PostgreSQL store', () => {
    it('applies its migrations once when several servers open one database together', async () => {
      const url = await freshDatabase();
      const stores = await Promise.all([1, 2, 3, 4].map(() => openPostgresStore({ url })));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const applied = await client.query('SELECT hash FROM drizzle.__drizzle_migrations');
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      await client.end();
      await Promise.all(stores.map((store) => store.close()));
      expect(applied.rowCount).toBe(2);
      expect(tables.rows.map((row) => row.tablename)).toEqual(expect.arrayContaining(['case_roles', 'cases', 'events', 'outbox', 'timers']));
    });
  });
});
