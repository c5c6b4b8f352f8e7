/**
 * Singleton work on PostgreSQL: a job of one name runs on one server at a time, under an
 * advisory lock that a server loses with its connection.
 */
import { expect, it } from 'vitest';
import { openPostgresStores } from '../../engine/store/postgres/index.js';

/** A promise and the way to settle it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { opened, open };
}

/** Registers the singleton tests; `freshDatabase` gives the URL of a new empty database. */
export function describePostgresSingleton(freshDatabase: () => Promise<string>): void {
  it('runs a job of one name on one server at a time, other jobs beside it, and again once it ended', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStores({ url, node: { id: 'east' } });
    const west = await openPostgresStores({ url, node: { id: 'west' } });
    try {
      const hold = gate();
      const started = gate();
      const eastRun = east.singleton.runAlone('warning-digest', async () => {
        started.open();
        await hold.opened;
        return 'east wrote it';
      });
      await started.opened;
      expect(await west.singleton.runAlone('warning-digest', async () => 'west wrote it')).toEqual({ ran: false });
      expect(await west.singleton.runAlone('monthly-report', async () => 'west wrote it')).toEqual({ ran: true, value: 'west wrote it' });
      hold.open();
      expect(await eastRun).toEqual({ ran: true, value: 'east wrote it' });
      expect(await west.singleton.runAlone('warning-digest', async () => 'west wrote it')).toEqual({ ran: true, value: 'west wrote it' });
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });

  it('lets another server run the job once the server running it has lost its connection', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStores({ url, node: { id: 'east' } });
    const west = await openPostgresStores({ url, node: { id: 'west' } });
    try {
      const hold = gate();
      const started = gate();
      const eastRun = east.singleton.runAlone('checkpoint', async () => {
        started.open();
        await hold.opened;
      });
      await started.opened;
      expect(await west.singleton.runAlone('checkpoint', async () => 1)).toEqual({ ran: false });
      await west.store.pool.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()");
      await expect.poll(async () => west.singleton.runAlone('checkpoint', async () => 1), { timeout: 5000 }).toEqual({ ran: true, value: 1 });
      hold.open();
      await eastRun.catch(() => undefined);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });
}
