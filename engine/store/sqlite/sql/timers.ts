/**
 * Reads of pending timers. Due timers come in (due_at, case_id, key) order straight off
 * `timers_due_idx`, so draining a large backlog page by page never sorts.
 */
import type { Database } from 'better-sqlite3';
import type { TimerRecord } from '../../../runtime/store.js';
import { toTimerRecord, type TimerRow } from './rows.js';

/** Timer reads of a connection. */
export interface TimerReads {
  due(now: number, limit: number): TimerRecord[];
  pending(caseId: string): TimerRecord[];
  nextDue(): number | undefined;
}

/** Prepares the timer reads on a connection. */
export function createTimerReads(sqlite: Database): TimerReads {
  const due = sqlite.prepare<[number, number], TimerRow>(
    'SELECT case_id, key, due_at, count FROM timers WHERE due_at <= ? ORDER BY due_at, case_id, key LIMIT ?',
  );
  const pending = sqlite.prepare<[string], TimerRow>(
    'SELECT case_id, key, due_at, count FROM timers WHERE case_id = ? ORDER BY due_at, key',
  );
  const nextDue = sqlite.prepare<[], { due: number | null }>('SELECT min(due_at) AS due FROM timers');
  return {
    due: (now, limit) => due.all(now, limit).map(toTimerRecord),
    pending: (caseId) => pending.all(caseId).map(toTimerRecord),
    nextDue: () => nextDue.get()?.due ?? undefined,
  };
}
