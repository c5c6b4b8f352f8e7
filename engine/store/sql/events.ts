/**
 * Reads of the event log: one case's chain, and every chain in (case, seq) order a page at a
 * time (keyset paging on the primary key, so a whole-database check never re-reads a row).
 */
import type { Database } from 'better-sqlite3';
import type { EventRecord } from '../../runtime/store.js';
import { EVENT_COLUMNS, toEventRecord, type EventTuple } from './rows.js';

/** Event reads of a connection. */
export interface EventReads {
  caseEvents(caseId: string): EventRecord[];
  scan(after: { caseId: string; seq: number } | undefined, limit: number): EventRecord[];
}

/** Prepares the event reads on a connection. */
export function createEventReads(sqlite: Database): EventReads {
  const byCase = sqlite
    .prepare<[string], EventTuple>(`SELECT ${EVENT_COLUMNS} FROM events WHERE case_id = ? ORDER BY seq`)
    .raw();
  const first = sqlite.prepare<[number], EventTuple>(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY case_id, seq LIMIT ?`).raw();
  const next = sqlite
    .prepare<[string, number, number], EventTuple>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE (case_id, seq) > (?, ?) ORDER BY case_id, seq LIMIT ?`,
    )
    .raw();
  return {
    caseEvents: (caseId) => byCase.all(caseId).map(toEventRecord),
    scan(after, limit) {
      const rows = after === undefined ? first.all(limit) : next.all(after.caseId, after.seq, limit);
      return rows.map(toEventRecord);
    },
  };
}
