/**
 * Tally counts on PostgreSQL, as on SQLite: a window's count is the arrival rank of its newest
 * mark less that of the newest mark before it; the newest ids the end of its primary-key range.
 * The two ranks and the newest ids are read by one statement.
 */
import type pg from 'pg';
import type { TallyCount } from '../../compile/tallies.js';
import type { TallyQuery } from '../../runtime/store.js';

const KEY = 'process_id = $1 AND tally = $2 AND match_key = $3';
const RANK = (at: string) => `(SELECT ordinal FROM tally_marks WHERE ${KEY} AND created_at <= ${at} ORDER BY created_at DESC, case_id DESC LIMIT 1)`;
const COUNT = `SELECT ${RANK('$5::bigint')} AS upper, ${RANK('$4::bigint - 1')} AS lower,
    ARRAY(SELECT case_id FROM tally_marks WHERE ${KEY} AND created_at BETWEEN $4::bigint AND $5::bigint ORDER BY created_at DESC, case_id DESC LIMIT $6::int) AS newest`;

/** How many cases a tally marked with the key in the window, and the newest `keep` ids, oldest first. */
export async function countTally(pool: pg.Pool | pg.PoolClient, query: TallyQuery): Promise<TallyCount> {
  const result = await pool.query<{ upper: number | null; lower: number | null; newest: string[] }>({
    name: 'caseflow_count_tally',
    text: COUNT,
    values: [query.processId, query.tally, query.key, query.from, query.to, Math.max(0, query.keep)],
  });
  const row = result.rows[0];
  const count = Math.max(0, (row?.upper ?? 0) - (row?.lower ?? 0));
  if (count === 0 || query.keep <= 0) return { count, cases: [] };
  return { count, cases: (row?.newest ?? []).reverse() };
}
