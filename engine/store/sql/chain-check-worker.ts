/**
 * Worker of a whole-database chain check: checks the chains of one case-id range on its own
 * read-only connection and posts the result (see `checkChainsInWorkers` in events.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { StoredChainCheck, type StoredEventRow } from '../../runtime/stored-chain.js';
import { EVENT_COLUMNS } from './rows.js';

/** The range a worker checks: case ids from `from` (inclusive) to `to` (exclusive); undefined is open. */
export interface ChainRange {
  file: string;
  from?: string;
  to?: string;
}

/** Rows per page: pages of about a thousand rows read faster than one long iteration (less GC). */
const PAGE = 1024;

const range: ChainRange = workerData;
const db = new Database(range.file, { readonly: true, fileMustExist: true });
try {
  const before = range.to === undefined ? '' : 'AND case_id < @to';
  const page = db
    .prepare<Record<string, string | number>, StoredEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE (case_id, seq) > (@caseId, @seq) ${before} ORDER BY case_id, seq LIMIT ${PAGE}`,
    )
    .raw();
  const check = new StoredChainCheck();
  // Every seq is at least 1, so (from, 0) starts the range at its first case.
  const after: Record<string, string | number> = { caseId: range.from ?? '', seq: 0 };
  if (range.to !== undefined) after.to = range.to;
  for (;;) {
    const rows = page.all(after);
    if (!check.check(rows) || rows.length < PAGE) break;
    const last = rows[rows.length - 1];
    after.caseId = last[0];
    after.seq = last[1];
  }
  parentPort?.postMessage(check.result());
} finally {
  db.close();
}
