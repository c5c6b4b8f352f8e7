/**
 * A PostgreSQL server that goes away and comes back: while it is down every store operation fails
 * as `unavailable` (the server answers 503 with Retry-After) and nothing is half-written; once it
 * is back the same store serves again, its pool having connected afresh by itself.
 */
import { expect, it } from 'vitest';
import { openPostgresStore } from '../../engine/store/postgres/index.js';
import type { PgCluster } from '../support/pg-cluster.js';
import { advanceCase, openCase } from './fixtures.js';
import { rejectionCode } from './suite-commits.js';

/** Registers the restart tests; `cluster` is the running test cluster (restarted by them). */
export function describePostgresRestart(cluster: () => PgCluster): void {
  it('answers unavailable while the database restarts, and serves again afterwards on the same pool', async () => {
    const url = await cluster().createDatabase();
    const store = await openPostgresStore({ url, node: { id: 'east', leaseMs: 500 } });
    try {
      const first = openCase('c1');
      await store.commit(first);
      // The pool holds ten open connections when the server goes down: each of them breaks.
      await Promise.all(Array.from({ length: 10 }, () => store.getCase('c1')));
      const down = cluster().restart(1000);
      const during: string[] = [];
      const writes: Array<Promise<string>> = [];
      for (let i = 0; i < 20; i++) {
        writes.push(rejectionCode(store.commit(openCase(`during-${i}`))).catch(() => 'committed'));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      during.push(await rejectionCode(store.getCase('c1')).catch(() => 'read'));
      await down;
      const outcomes = [...(await Promise.all(writes)), ...during];
      expect(outcomes).toContain('unavailable');
      expect(outcomes.filter((outcome) => outcome !== 'unavailable' && outcome !== 'committed' && outcome !== 'read')).toEqual([]);
      // Back: the same store reads and writes, and no case is half there (each has its one event, or nothing).
      await expect.poll(async () => (await store.getCase('c1'))?.revision, { timeout: 10_000, interval: 100 }).toBe(1);
      await store.commit(advanceCase(first.case, { state: 'done' }));
      expect((await store.getCase('c1'))?.revision).toBe(2);
      for (let i = 0; i < 20; i++) {
        const record = await store.getCase(`during-${i}`);
        expect(await store.getEvents(`during-${i}`)).toHaveLength(record === undefined ? 0 : 1);
      }
    } finally {
      await store.close();
    }
  });

  it('answers unavailable when no database server listens at all', async () => {
    const url = cluster().url('postgres').replace(/:\d+\//, ':1/');
    expect(await rejectionCode(openPostgresStore({ url }))).toBe('unavailable');
  });
}
