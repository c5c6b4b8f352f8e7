/**
 * The outbox page and the scheduled notices on PostgreSQL (`OutboxBrowser`, see
 * engine/notify/outbox-browser.ts), as `engine/store/sqlite/outbox-browser.ts` has them on SQLite.
 * Notices are not caused by a case event: their `case_id` is their key and `event_seq` is 0.
 */
import type pg from 'pg';
import type { OutboxBrowser, OutboxStatus } from '../../notify/outbox-browser.js';
import { toOutboxRecord, type OutboxRow } from '../sqlite/sql/rows.js';
import { readsOn, toStoreError } from './pg-errors.js';

/** Messages of cases of the units bound at `$n` (an array): a digest is of no case, so of no unit. */
const OF_UNITS = (n: number) => `case_id IN (SELECT id FROM cases WHERE unit = ANY ($${n}::text[]))`;

/** The outbox browser of a PostgreSQL store's pool. */
export function postgresOutboxBrowser(pool: pg.Pool): OutboxBrowser {
  const read = readsOn(pool);
  return {
    async page(query) {
      const conditions: string[] = [];
      const values: Array<string | number | string[]> = [];
      const add = (condition: (n: number) => string, value: string | number | string[]) => {
        values.push(value);
        conditions.push(condition(values.length));
      };
      if (query.status !== undefined) add((n) => `status = $${n}`, query.status);
      if (query.caseId !== undefined) add((n) => `case_id = $${n}`, query.caseId);
      if (query.before !== undefined) add((n) => `id < $${n}`, query.before);
      if (query.units !== undefined) add(OF_UNITS, query.units);
      values.push(query.limit + 1);
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = (await read<OutboxRow>(`SELECT * FROM outbox ${where} ORDER BY id DESC LIMIT $${values.length}`, values)).rows;
      const items = rows.slice(0, query.limit).map(toOutboxRecord);
      return rows.length > query.limit ? { items, nextBefore: items[items.length - 1].id } : { items };
    },
    async counts(units) {
      const tally: Record<OutboxStatus, number> = { pending: 0, failed: 0, dead: 0, sent: 0 };
      const result = units === undefined
        ? await read<{ status: OutboxStatus; n: number }>('SELECT status, count(*) AS n FROM outbox GROUP BY status')
        : await read<{ status: OutboxStatus; n: number }>(`SELECT status, count(*) AS n FROM outbox WHERE ${OF_UNITS(1)} GROUP BY status`, [units]);
      for (const row of result.rows) tally[row.status] = row.n;
      return tally;
    },
    async get(id, units) {
      const result = units === undefined
        ? await read<OutboxRow>('SELECT * FROM outbox WHERE id = $1', [id])
        : await read<OutboxRow>(`SELECT * FROM outbox WHERE id = $1 AND ${OF_UNITS(2)}`, [id, units]);
      return result.rows.length === 0 ? undefined : toOutboxRecord(result.rows[0]);
    },
    async addNotice(notice, now) {
      // The advisory lock on the key makes "write unless one exists" hold across servers too.
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [notice.key]);
        const result = await client.query<OutboxRow>(
          `INSERT INTO outbox (case_id, event_seq, channel, template, recipients, subject, body, status, attempts, next_attempt_at, created_at)
           SELECT $1, 0, $2, $3, $4, $5, $6, 'pending', 0, $7, $7
           WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE case_id = $1)
           RETURNING *`,
          [notice.key, notice.channel, notice.template, JSON.stringify(notice.to), notice.subject ?? null, notice.body, now],
        );
        await client.query('COMMIT');
        client.release();
        return result.rows.length === 0 ? undefined : toOutboxRecord(result.rows[0]);
      } catch (error) {
        await client.query('ROLLBACK').then(() => client.release(), () => client.release(true));
        throw toStoreError(error);
      }
    },
  };
}
