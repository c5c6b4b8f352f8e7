/**
 * Worker of a whole-database chain check: checks the chains of one case-id range on its own
 * read-only connection and posts the result (see `checkChainsInWorkers` in events.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createChainRangeCheck } from './chain-range.js';

/** The range a worker checks: case ids from `from` (inclusive) to `to` (exclusive); undefined is open. */
export interface ChainRange {
  file: string;
  from?: string;
  to?: string;
}

const range: ChainRange = workerData;
const db = new Database(range.file, { readonly: true, fileMustExist: true });
try {
  const check = createChainRangeCheck(db, range.from, range.to);
  while (!check.step());
  parentPort?.postMessage(check.result());
} finally {
  db.close();
}
