/**
 * Tally counts on PostgreSQL, as on SQLite: a window's count is the arrival rank of its newest
 * mark less that of the newest mark before it; the newest ids the end of its primary-key range.
 */
import type pg from 'pg';
import type { TallyCount } from '../../compile/tallies.js';
import type { TallyQuery } from '../../runtime/store.js';

const KEY = 'process_id = $1 AND tally = $2 AND match_key = $3';
const RANK = `SELECT ordinal FROM tally_marks WHERE ${KEY} AND created_at <= $4 ORDER BY created_at DESC, case_id DESC LIMIT 1`;

/** How many cases a tally marked with the key in the window, and the newest `keep` ids, oldest first. */
export async function countTally(pool: pg.Pool | pg.PoolClient, query: TallyQuery): Promise<TallyCount> {
  const key = [query.processId, query.tally, query.key];
  const rank = async (at: number) => {
    const result = await pool.query<{ ordinal: number }>({ name: 'caseflow_tally_rank', text: RANK, values: [...key, at] });
    return result.rows[0]?.ordinal ?? 0;
  };
  const count = Math.max(0, (await rank(query.to)) - (await rank(query.from - 1)));
  if (count === 0 || query.keep <= 0) return { count, cases: [] };
  const newest = await pool.query<{ case_id: string }>({
    name: 'caseflow_newest_tally',
    text: `SELECT case_id FROM tally_marks WHERE ${KEY} AND created_at BETWEEN $4 AND $5 ORDER BY created_at DESC, case_id DESC LIMIT $6`,
    values: [...key, query.from, query.to, query.keep],
  });
  return { count, cases: newest.rows.map((row) => row.case_id).reverse() };
}
