/**
 * The whole-database chain check of the PostgreSQL store (`Store.verifyChains`): every event read
 * as stored, a page at a time, by the runtime's `ChainWalk`, each chain compared with its case
 * row. One read-only REPEATABLE READ transaction sees the events and the case rows as of one
 * moment, so cases moving on meanwhile are seen the same in both.
 */
import type pg from 'pg';
import { ChainWalk, type CaseRowHead, type EventText } from '../../runtime/chain-walk.js';
import type { ChainVerification } from '../../runtime/types.js';
import { EVENT_COLUMNS } from '../sqlite/sql/rows.js';

/** Events read per page. */
const PAGE = 2048;

/** Checks every chain of the database; the walk itself runs between pages, so the event loop stays free. */
export async function checkChains(pool: pg.Pool): Promise<ChainVerification> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const events = (caseId: string, seq: number) =>
      client.query<EventText>({
        text: `SELECT ${EVENT_COLUMNS} FROM events WHERE (case_id, seq) > ($1, $2) ORDER BY case_id, seq LIMIT ${PAGE}`,
        values: [caseId, seq],
        rowMode: 'array',
      });
    const caseRows = async (from: string, to?: string): Promise<CaseRowHead[]> => {
      const result = to === undefined
        ? await client.query<CaseRowHead>({ text: 'SELECT id, revision, last_hash FROM cases WHERE id >= $1 ORDER BY id', values: [from], rowMode: 'array' })
        : await client.query<CaseRowHead>({ text: 'SELECT id, revision, last_hash FROM cases WHERE id >= $1 AND id < $2 ORDER BY id', values: [from, to], rowMode: 'array' });
      return result.rows;
    };
    const walk = new ChainWalk(true);
    // Case rows from here on have not been given to the walk yet; every seq is at least 1.
    let fedFrom = '';
    let after = { caseId: '', seq: 0 };
    for (;;) {
      const rows = (await events(after.caseId, after.seq)).rows;
      const last = rows[rows.length - 1];
      if (rows.length < PAGE) {
        walk.expectCases(await caseRows(fedFrom));
        return walk.check(rows) ? walk.finish([]) : walk.result();
      }
      // The page's last case may go on in the next page: its row is read with that page.
      if (last[0] > fedFrom) {
        walk.expectCases(await caseRows(fedFrom, last[0]));
        fedFrom = last[0];
      }
      if (!walk.check(rows)) return walk.result();
      after = { caseId: last[0], seq: last[1] };
    }
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}
