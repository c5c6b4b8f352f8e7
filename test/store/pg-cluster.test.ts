/**
 * The throw-away PostgreSQL cluster the PostgreSQL store tests run on: it starts, hands out
 * empty databases by URL, and stops without leaving its server behind.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresAvailable, startPgCluster } from '../support/pg-cluster.js';

describe.runIf(postgresAvailable())('throw-away PostgreSQL cluster', () => {
  it('creates separate empty databases and stops its server', async () => {
    const cluster = await startPgCluster();
    console.info(`PostgreSQL test cluster started in ${Math.round(cluster.startMs)} ms`);
    const first = await cluster.createDatabase();
    const second = await cluster.createDatabase();
    expect(first).toMatch(/^postgres:\/\/caseflow@127\.0\.0\.1:\d+\/caseflow_\d+_\d+$/);
    expect(second).not.toBe(first);

    const client = new pg.Client({ connectionString: first });
    await client.connect();
    await client.query('CREATE TABLE probe (id int)');
    const { rows } = await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    expect(rows[0].synchronous_commit).toBe('on');
    await client.end();

    const other = new pg.Client({ connectionString: second });
    await other.connect();
    const tables = await other.query("SELECT 1 FROM pg_tables WHERE tablename = 'probe'");
    expect(tables.rowCount).toBe(0);
    await other.end();

    await cluster.stop();
    const after = new pg.Client({ connectionString: first, connectionTimeoutMillis: 2000 });
    await expect(after.connect()).rejects.toThrow();
  });

  it('keeps fsync off for tests, and the durable defaults of PostgreSQL when asked to (as the benchmark does)', async () => {
    const settings = async (durable: boolean) => {
      const cluster = await startPgCluster({ durable });
      try {
        const client = new pg.Client({ connectionString: await cluster.createDatabase() });
        await client.connect();
        const show = async (name: string) => (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name];
        const values = { fsync: await show('fsync'), fullPageWrites: await show('full_page_writes'), synchronousCommit: await show('synchronous_commit') };
        await client.end();
        return values;
      } finally {
        await cluster.stop();
      }
    };
    expect(await settings(false)).toEqual({ fsync: 'off', fullPageWrites: 'off', synchronousCommit: 'on' });
    expect(await settings(true)).toEqual({ fsync: 'on', fullPageWrites: 'on', synchronousCommit: 'on' });
  });
});
