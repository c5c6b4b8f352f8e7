/**
 * Singleton work on PostgreSQL: a session advisory lock named after the work, tried (never
 * waited for) on a connection held for the run. A server that dies mid-run loses its
 * connection, and with it the lock, so the next server's run goes ahead.
 */
import type pg from 'pg';
import type { SingletonLock } from '../../runtime/singleton-lock.js';

/** The singleton lock of the database behind `pool`. */
export function postgresSingletonLock(pool: pg.Pool): SingletonLock {
  return {
    async runAlone(name, work) {
      const client = await pool.connect();
      // The connection may break while the work runs (the lock goes with it); that is no crash.
      const broken = () => {};
      client.on('error', broken);
      let held = false;
      try {
        const tried = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [`caseflow:${name}`]);
        held = tried.rows[0]?.locked === true;
        if (!held) return { ran: false };
        return { ran: true, value: await work() };
      } finally {
        client.off('error', broken);
        if (held) {
          await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`caseflow:${name}`]).then(
            () => client.release(),
            () => client.release(true),
          );
        } else client.release();
      }
    },
  };
}
