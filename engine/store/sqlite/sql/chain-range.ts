/**
 * The chain check of one case-id range on one connection, a page at a time: each page of events
 * and the case rows it ends are read in one read transaction, so a case that moves on meanwhile
 * is seen the same in both (see `ChainWalk`).
 */
import type { Database } from 'better-sqlite3';
import { ChainWalk, type CaseRowHead, type EventText } from '../../../runtime/chain-walk.js';
import type { ChainVerification } from '../../../runtime/types.js';
import { EVENT_COLUMNS } from './rows.js';

/** Rows per page: pages of about a thousand rows read faster than one long iteration (less GC). */
export const CHAIN_PAGE = 1024;

/** A range check: `step` checks the next page and says whether the range is done; `result` then answers. */
export interface ChainRangeCheck {
  step(): boolean;
  result(): ChainVerification;
}

/** Prepares the check of the cases from `from` (inclusive) to `to` (exclusive); undefined is open. */
export function createChainRangeCheck(sqlite: Database, from: string | undefined, to: string | undefined): ChainRangeCheck {
  const before = to === undefined ? '' : 'AND case_id < @to';
  const page = sqlite
    .prepare<Record<string, string | number>, EventText>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE (case_id, seq) > (@caseId, @seq) ${before} ORDER BY case_id, seq LIMIT ${CHAIN_PAGE}`,
    )
    .raw();
  const casesBetween = sqlite
    .prepare<[string, string], CaseRowHead>('SELECT id, revision, last_hash FROM cases WHERE id >= ? AND id < ? ORDER BY id')
    .raw();
  const casesFrom = sqlite.prepare<[string], CaseRowHead>('SELECT id, revision, last_hash FROM cases WHERE id >= ? ORDER BY id').raw();
  const check = new ChainWalk(true);
  // Every seq is at least 1, so (from, 0) starts the range at its first case.
  const after: Record<string, string | number> = { caseId: from ?? '', seq: 0 };
  if (to !== undefined) after.to = to;
  /** Case rows from here on have not been given to the check yet. */
  let fedFrom = from ?? '';
  let done = false;
  let verdict: ChainVerification | undefined;

  const readPage = sqlite.transaction((): boolean => {
    const rows = page.all(after);
    const last = rows[rows.length - 1];
    const full = rows.length === CHAIN_PAGE;
    if (full) {
      // The page's last case may go on in the next page: its row is read with that page.
      if (last[0] > fedFrom) {
        check.expectCases(casesBetween.all(fedFrom, last[0]));
        fedFrom = last[0];
      }
      if (!check.check(rows)) return true;
      after.caseId = last[0];
      after.seq = last[1];
      return false;
    }
    check.expectCases(to === undefined ? casesFrom.all(fedFrom) : casesBetween.all(fedFrom, to));
    if (check.check(rows)) verdict = check.finish([]);
    return true;
  });

  return {
    step() {
      if (!done) done = readPage();
      return done;
    },
    result: () => verdict ?? check.result(),
  };
}
