/**
 * Tally counts: a calendar period's count from its row in `tally_periods`; a rolling window's
 * from one range of `tally_marks` (its primary key leads with process, tally, key and opening
 * time); the newest ids from the end of that range.
 */
import type { Database } from 'better-sqlite3';
import type { TallyCount } from '../../../compile/tallies.js';
import type { TallyQuery } from '../../../runtime/store.js';

type Range = [string, string, string, number, number];

/** Counts tally marks with prepared statements on a connection. */
export function createTallyCounter(sqlite: Database): (query: TallyQuery) => TallyCount {
  const count = sqlite.prepare<Range, { count: number }>(
    `SELECT count(*) AS count FROM tally_marks
      WHERE process_id = ? AND tally = ? AND match_key = ? AND created_at BETWEEN ? AND ?`,
  );
  const newest = sqlite.prepare<[...Range, number], { case_id: string }>(
    `SELECT case_id FROM tally_marks
      WHERE process_id = ? AND tally = ? AND match_key = ? AND created_at BETWEEN ? AND ?
      ORDER BY created_at DESC, case_id DESC LIMIT ?`,
  );
  const periodCount = sqlite.prepare<[string, string, string, number], { count: number }>(
    'SELECT count FROM tally_periods WHERE process_id = ? AND tally = ? AND match_key = ? AND period_start = ?',
  );
  return (query) => {
    const range: Range = [query.processId, query.tally, query.key, query.from, query.to];
    const total = (query.period ? periodCount.get(query.processId, query.tally, query.key, query.from) : count.get(...range))?.count ?? 0;
    const cases = total === 0 ? [] : newest.all(...range, query.keep).map((row) => row.case_id).reverse();
    return { count: total, cases };
  };
}
