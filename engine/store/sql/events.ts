/**
 * Reads of the event log: one case's chain, and every chain in (case, seq) order a page at a
 * time (keyset paging on the primary key, so a whole-database check never re-reads a row).
 */
import type { Database } from 'better-sqlite3';
import type { EventRecord } from '../../runtime/store.js';
import { toEventRecord, type EventRow } from './rows.js';

/** Event reads of a connection. */
export interface EventReads {
  caseEvents(caseId: string): EventRecord[];
  scan(after: { caseId: string; seq: number } | undefined, limit: number): EventRecord[];
}

/** Prepares the event reads on a connection. */
export function createEventReads(sqlite: Database): EventReads {
  const byCase = sqlite.prepare<[string], EventRow>('SELECT * FROM events WHERE case_id = ? ORDER BY seq');
  const first = sqlite.prepare<[number], EventRow>('SELECT * FROM events ORDER BY case_id, seq LIMIT ?');
  const next = sqlite.prepare<[string, number, number], EventRow>(
    'SELECT * FROM events WHERE (case_id, seq) > (?, ?) ORDER BY case_id, seq LIMIT ?',
  );
  return {
    caseEvents: (caseId) => byCase.all(caseId).map(toEventRecord),
    scan(after, limit) {
      const rows = after === undefined ? first.all(limit) : next.all(after.caseId, after.seq, limit);
      return rows.map(toEventRecord);
    },
  };
}
