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

const range: ChainRange = workerData;
const db = new Database(range.file, { readonly: true, fileMustExist: true });
try {
  const where = [range.from === undefined ? '' : 'case_id >= @from', range.to === undefined ? '' : 'case_id < @to'].filter(Boolean);
  const rows = db
    .prepare<Record<string, string>, StoredEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY case_id, seq`,
    )
    .raw();
  const params: Record<string, string> = {};
  if (range.from !== undefined) params.from = range.from;
  if (range.to !== undefined) params.to = range.to;
  const check = new StoredChainCheck();
  const iterator = rows.iterate(params);
  check.check(iterator);
  iterator.return?.();
  parentPort?.postMessage(check.result());
} finally {
  db.close();
}
