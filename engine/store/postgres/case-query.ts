/**
 * The inbox query on PostgreSQL. The plan is the SQLite store's (`planCaseQuery`: the same
 * filters, order keys, cursors and per-role runs merged in the page order), turned into
 * PostgreSQL: `$n` parameters, no `INDEXED BY` (the planner picks the index), an inner join for
 * SQLite's `CROSS JOIN … ON`, and ILIKE for LIKE, which over `COLLATE "C"` text folds ASCII
 * letters only, as SQLite's LIKE does. Searches always take the walk route; the trigram index
 * of migration 0001 (pg_trgm) serves their ILIKE when the planner finds it cheaper.
 */
import type pg from 'pg';
import type { CasePage, CaseQuery } from '../../runtime/store.js';
import { encodeCursor, mergeRuns, planCaseQuery, positionOf } from '../sqlite/sql/query-cases.js';
import { toCaseRecord, type CaseRow } from '../sqlite/sql/rows.js';

/** A statement of `planCaseQuery` in PostgreSQL's dialect. */
export function toPostgresSql(sqliteSql: string): string {
  let n = 0;
  return sqliteSql
    .replace(/ INDEXED BY \w+/g, '')
    .replace(/ CROSS JOIN /g, ' JOIN ')
    .replace(/ LIKE \? ESCAPE/g, ' ILIKE ? ESCAPE')
    .replace(/\?/g, () => `$${++n}`);
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
