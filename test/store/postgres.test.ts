/**
 * The store suite against PostgreSQL (a throw-away cluster; one database, emptied before each
 * test, which is about five times quicker than creating one per test), plus
 * what only the PostgreSQL store has (see postgres-specifics.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../engine/store/postgres/index.js';
import { emptyDatabase, postgresAvailable, startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { describePostgresSpecifics } from './postgres-specifics.js';
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
    describePostgresSpecifics(freshDatabase);
  });
});
