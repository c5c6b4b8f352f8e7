/**
 * The inbox query on PostgreSQL. The plan is the SQLite store's (`planCaseQuery`: the same
 * filters, order keys, cursors and per-role runs merged in the page order), turned into
 * PostgreSQL: `$n` parameters, no `INDEXED BY` (the planner picks the index), an inner join for
 * SQLite's `CROSS JOIN … ON`, and ILIKE for LIKE, which over `COLLATE "C"` text folds ASCII
 * letters only, as SQLite's LIKE does. Searches always take the walk route; the trigram index
 * of migration 0001 (pg_trgm) serves their ILIKE when the planner finds it cheaper.
 */
import type pg from 'pg';
import type { CasePage, CaseQuery, CaseRecord } from '../../runtime/store.js';
import { encodeCursor, planCaseQuery } from '../sql/query-cases.js';
import { toCaseRecord, type CaseRow } from '../sql/rows.js';

/** A statement of `planCaseQuery` in PostgreSQL's dialect. */
export function toPostgresSql(sqliteSql: string): string {
  let n = 0;
  return sqliteSql
    .replace(/ INDEXED BY \w+/g, '')
    .replace(/ CROSS JOIN /g, ' JOIN ')
    .replace(/ LIKE \? ESCAPE/g, ' ILIKE ? ESCAPE')
    .replace(/\?/g, () => `$${++n}`);
}

type Order = 'created' | 'due';

function sortKey(row: CaseRow, order: Order): number {
  return order === 'due' ? (row.next_due_at ?? 0) : row.created_at;
}

/** Merges runs sorted in the page order, dropping cases found under several roles. */
function mergeRuns(runs: CaseRow[][], order: Order): CaseRow[] {
  const direction = order === 'due' ? 1 : -1;
  const seen = new Set<string>();
  const merged: CaseRow[] = [];
  for (const row of runs.flat()) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    merged.push(row);
  }
  return merged.sort((a, b) => {
    const byKey = sortKey(a, order) - sortKey(b, order);
    if (byKey !== 0) return direction * byKey;
    return direction * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

function positionOf(record: CaseRecord, order: Order) {
  return { order, key: order === 'due' ? (record.nextDueAt ?? 0) : record.createdAt, id: record.id };
}

/** Answers a case query on the pool. */
export async function queryCases(pool: pg.Pool, query: CaseQuery): Promise<CasePage> {
  const plan = planCaseQuery(query, 'walk');
  const runs = await Promise.all(
    plan.statements.map(async ({ sql, params }) => (await pool.query<CaseRow>(toPostgresSql(sql), params)).rows),
  );
  const rows = runs.length === 1 ? runs[0] : mergeRuns(runs, plan.order);
  const items = rows.slice(0, plan.limit).map(toCaseRecord);
  const page: CasePage = { items };
  if (rows.length > plan.limit) page.nextCursor = encodeCursor(positionOf(items[items.length - 1], plan.order));
  return page;
}
