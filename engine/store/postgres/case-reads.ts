/**
 * Reads of single cases, gathered: every `getCase` asked in one turn of the event loop goes out
 * as one statement (`id = ANY`), so a timer round or a burst of requests touching many cases
 * costs one round trip and one statement rather than one per case.
 */
import type pg from 'pg';
import type { CaseRecord } from '../../runtime/store.js';
import { caseColumns, toCaseRecord, type CaseRow } from '../sqlite/sql/rows.js';

interface Waiting {
  resolve: (record: CaseRecord | undefined) => void;
  reject: (error: unknown) => void;
}

/** Creates the gathering reader of a pool: `read(id)` resolves with the case, or undefined. */
export function createCaseReads(pool: pg.Pool): (id: string) => Promise<CaseRecord | undefined> {
  let waiting = new Map<string, Waiting[]>();
  let scheduled = false;

  async function flush(): Promise<void> {
    const batch = waiting;
    waiting = new Map();
    scheduled = false;
    const ids = [...batch.keys()];
    try {
      const result = ids.length === 1
        ? await pool.query<CaseRow>({ name: 'caseflow_get_case', text: `SELECT ${caseColumns('c')} FROM cases AS c WHERE c.id = $1`, values: ids })
        : await pool.query<CaseRow>({ name: 'caseflow_get_cases', text: `SELECT ${caseColumns('c')} FROM cases AS c WHERE c.id = ANY ($1::text[])`, values: [ids] });
      const found = new Map(result.rows.map((row) => [row.id, row]));
      for (const [id, readers] of batch) {
        const row = found.get(id);
        // Each reader gets its own record: callers may change what they were given.
        for (const reader of readers) reader.resolve(row === undefined ? undefined : toCaseRecord(row));
      }
    } catch (error) {
      for (const readers of batch.values()) for (const reader of readers) reader.reject(error);
    }
  }

  return (id) => new Promise((resolve, reject) => {
    const readers = waiting.get(id);
    if (readers) readers.push({ resolve, reject });
    else waiting.set(id, [{ resolve, reject }]);
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => void flush());
    }
  });
}
