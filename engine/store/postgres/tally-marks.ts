/**
 * Tally counts on PostgreSQL: a calendar period's from its `tally_periods` row, a rolling
 * window's from one primary-key range of `tally_marks`, the newest ids from its end.
 */
import type { TallyCount } from '../../compile/tallies.js';
import type { TallyQuery } from '../../runtime/store.js';
import type pg from 'pg';

const RANGE = 'process_id = $1 AND tally = $2 AND match_key = $3 AND created_at BETWEEN $4 AND $5';

/** How many cases a tally marked with the key in the window, and the newest `keep` ids, oldest first. */
export async function countTally(pool: pg.Pool | pg.PoolClient, query: TallyQuery): Promise<TallyCount> {
  const values = [query.processId, query.tally, query.key, query.from, query.to];
  const counted = query.period
    ? await pool.query<{ count: string }>({
      name: 'caseflow_tally_period_count',
      text: 'SELECT count FROM tally_periods WHERE process_id = $1 AND tally = $2 AND match_key = $3 AND period_start = $4',
      values: values.slice(0, 4),
    })
    : await pool.query<{ count: string }>({ name: 'caseflow_count_tally', text: `SELECT count(*) AS count FROM tally_marks WHERE ${RANGE}`, values });
  const count = Number(counted.rows[0]?.count ?? 0);
  if (count === 0) return { count, cases: [] };
  const newest = await pool.query<{ case_id: string }>({
    name: 'caseflow_newest_tally',
    text: `SELECT case_id FROM tally_marks WHERE ${RANGE} ORDER BY created_at DESC, case_id DESC LIMIT $6`,
    values: [...values, query.keep],
  });
  return { count, cases: newest.rows.map((row) => row.case_id).reverse() };
}
