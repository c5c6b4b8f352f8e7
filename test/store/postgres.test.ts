/**
 * The store, database and account suites against PostgreSQL (a throw-away cluster; one database,
 * emptied before each test, which is about five times quicker than creating one per test), plus
 * what only the PostgreSQL store has (see postgres-specifics.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/store/open-store.js';
import type { OpenedStore } from '../../engine/store/opened-store.js';
import { openPostgresStore, openPostgresStores } from '../../engine/store/postgres/index.js';
import { emptyDatabase, postgresAvailable, startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { describePostgresHints } from './postgres-hints.js';
import { describePostgresLapsedSender, describePostgresLeases, describePostgresOutboxOnce } from './postgres-leases.js';
import { describePostgresRestart } from './postgres-restart.js';
import { describePostgresSingleton } from './postgres-singleton.js';
import { describePostgresSpecifics } from './postgres-specifics.js';
import { describeTwoEngines } from './postgres-two-engines.js';
import { runStoreSuite } from './store-suite.js';
import { runAccountSuite } from './suite-accounts.js';
import { runDatabaseSuite } from './suite-database.js';

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

  /** The suites' database, migrated and emptied, with all its stores. */
  const emptiedStores = async () => {
    const opened = await openPostgresStores({ url: suiteDatabase });
    await emptyDatabase(suiteDatabase);
    return opened;
  };

  runStoreSuite('PostgreSQL', async () => {
    const store = await openPostgresStore({ url: suiteDatabase });
    await emptyDatabase(suiteDatabase);
    return store;
  });

  runDatabaseSuite('PostgreSQL', emptiedStores);

  const openedForAccounts: OpenedStore[] = [];
  afterEach(async () => {
    await Promise.all(openedForAccounts.splice(0).map((opened) => opened.close()));
  });
  runAccountSuite('on PostgreSQL', async () => {
    const opened = await emptiedStores();
    openedForAccounts.push(opened);
    return opened.accounts;
  });

  describe('PostgreSQL store', () => {
    it('is what openStore opens for a postgres:// CASEFLOW_DB, with every store on its database', async () => {
      const url = await freshDatabase();
      const opened = await openStore({ db: url });
      try {
        await opened.accounts.createUnit({ id: 'east', label: 'East' });
        await opened.filters.save({ id: 'f1', ownerId: 'u1', name: 'Mine', query: { view: 'mine' }, createdAt: 1 });
        expect(await opened.filters.list({ userId: 'u1', units: [], roles: [] })).toHaveLength(1);
        expect(await opened.outbox.counts()).toEqual({ pending: 0, failed: 0, dead: 0, sent: 0 });
        expect(await opened.store.listProcesses()).toEqual([]);
      } finally {
        await opened.close();
      }
      const again = await openPostgresStores({ url });
      try {
        expect((await again.accounts.getDirectory()).units).toEqual([{ id: 'east', label: 'East' }]);
      } finally {
        await again.close();
      }
    });

    describePostgresSpecifics(freshDatabase);
  });

  describe('several servers sharing the due work', () => {
    describePostgresLeases(freshDatabase);
    describePostgresOutboxOnce(freshDatabase);
    describePostgresLapsedSender(freshDatabase);
    describeTwoEngines(freshDatabase);
    describePostgresHints(freshDatabase);
    describePostgresSingleton(freshDatabase);
  });

  describe('a database server that restarts', () => {
    describePostgresRestart(() => {
      if (!cluster) throw new Error('The PostgreSQL cluster is not running');
      return cluster;
    });
  });
});
