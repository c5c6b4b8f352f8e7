/**
 * Tally counts over `tally_marks`. Each mark carries its arrival rank among the marks of its
 * key, so a window's count is the rank of its newest mark less the rank of the newest mark before
 * it: two index seeks, however many cases the window holds. The newest ids are the end of the
 * window's range of the primary key (process, tally, key, opening time, case).
 */
import type { Database } from 'better-sqlite3';
import type { TallyCount } from '../../../compile/tallies.js';
import type { TallyQuery } from '../../../runtime/store.js';

const KEY = 'process_id = ? AND tally = ? AND match_key = ?';

/** Counts tally marks with prepared statements on a connection. */
export function createTallyCounter(sqlite: Database): (query: TallyQuery) => TallyCount {
  const rankAtOrBefore = sqlite.prepare<[string, string, string, number], { ordinal: number }>(
    `SELECT ordinal FROM tally_marks WHERE ${KEY} AND created_at <= ? ORDER BY created_at DESC, case_id DESC LIMIT 1`,
  );
  const newest = sqlite.prepare<[string, string, string, number, number, number], { case_id: string }>(
    `SELECT case_id FROM tally_marks WHERE ${KEY} AND created_at BETWEEN ? AND ?
      ORDER BY created_at DESC, case_id DESC LIMIT ?`,
  );
  return (query) => {
    const key: [string, string, string] = [query.processId, query.tally, query.key];
    const last = rankAtOrBefore.get(...key, query.to)?.ordinal ?? 0;
    const before = rankAtOrBefore.get(...key, query.from - 1)?.ordinal ?? 0;
    const count = Math.max(0, last - before);
    const cases = count === 0 || query.keep <= 0 ? [] : newest.all(...key, query.from, query.to, query.keep).map((row) => row.case_id).reverse();
    return { count, cases };
  };
}
