/**
 * The inbox query. Each filter shape is answered by walking ONE index in the page's order
 * (`INDEXED BY` pins the plan), so a page costs about `limit` rows even at millions of cases.
 * Lists are ordered newest first by (created_at, id), a key that never changes; an overdue
 * list is ordered most overdue first by (next_due_at, id). "Any of these roles" walks the
 * `case_roles` index once per role and merges the ordered runs.
 *
 * A search of three characters or more is first looked up in the trigram index `cases_search`
 * (migration 0001): when it has few matches, the page starts from those matches and sorts them,
 * which is what makes a rare name or phone suffix fast; a common term keeps the ordered walk,
 * where matches are dense enough that a page is found after a short stretch of the index.
 */
import type { Database, Statement } from 'better-sqlite3';
import { CaseflowError } from '../../../errors.js';
import type { CasePage, CaseQuery, CaseRecord } from '../../../runtime/store.js';
import { caseColumns, toCaseRecord, type CaseRow } from './rows.js';

/** Largest page a query returns. */
export const MAX_PAGE = 1000;
/** Page size when the query's limit is not a number. */
const DEFAULT_PAGE = 50;

/** Searches with at most this many index matches start from the matches and sort them. */
export const SEARCH_SORT_CAP = 2000;
/** The trigram index matches substrings of at least this many characters. */
const TRIGRAM = 3;

type Order = 'created' | 'due';
/** How a search is answered: from the search index's matches, or by the ordered index walk. */
export type SearchRoute = 'matches' | 'walk';
type SqlValue = string | number;

interface Position {
  order: Order;
  key: number;
  id: string;
}

interface PlannedStatement {
  sql: string;
  params: SqlValue[];
}

/** The statements answering a query (one per role for a role filter) and the page size. */
export interface CaseQueryPlan {
  order: Order;
  limit: number;
  statements: PlannedStatement[];
}

/** Encodes where the next page starts; opaque to callers. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.order, position.key, position.id])).toString('base64url');
}

/** Decodes a cursor of `encodeCursor`; `invalid-input` when it is not one or belongs to another order. */
export function decodeCursor(cursor: string, order: Order): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) && parsed.length === 3 && parsed[0] === order &&
    typeof parsed[1] === 'number' && typeof parsed[2] === 'string'
  ) {
    return { order, key: parsed[1], id: parsed[2] };
  }
  throw new CaseflowError('invalid-input', 'The cursor is not valid for this query', {
    details: [{ field: 'cursor', message: 'is not a cursor of this list' }],
  });
}

/** Escapes LIKE wildcards so a search matches its text literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The search as one FTS5 string, so quotes, `*`, `-`, `NEAR` and the like match literally. */
export function searchPhrase(search: string): string {
  return `"${search.replaceAll('"', '""')}"`;
}

/** Whether the trigram index can answer this search (it needs three characters or more). */
export function searchUsesIndex(search: string | undefined): search is string {
  return search !== undefined && [...search].length >= TRIGRAM;
}

/**
 * Plans a case query: the SQL of each statement, with its parameters. `route` 'matches' (for a
 * search the trigram index can answer) starts from the search index's matches; otherwise the
 * query walks an index in page order.
 */
export function planCaseQuery(query: CaseQuery, route: SearchRoute = 'walk'): CaseQueryPlan {
  const order: Order = query.overdueAt === undefined ? 'created' : 'due';
  const limit = Number.isFinite(query.limit) ? Math.max(1, Math.min(MAX_PAGE, Math.floor(query.limit))) : DEFAULT_PAGE;
  const position = query.cursor === undefined ? undefined : decodeCursor(query.cursor, order);
  const roles = query.roles === undefined ? undefined : [...new Set(query.roles)];
  if (roles !== undefined && roles.length === 0) return { order, limit, statements: [] };
  if (query.units !== undefined && query.units.length === 0) return { order, limit, statements: [] };
  if ((query.queued === true || query.waiting === true) && roles === undefined) {
    throw new CaseflowError('invalid-input', 'A queue or a waiting list needs the roles it is for', { details: [{ field: 'roles', message: 'is required with queued or waiting' }] });
  }
  if (order === 'due' && query.status === 'done') return { order, limit, statements: [] };
  if (route === 'matches' && searchUsesIndex(query.search)) {
    return { order, limit, statements: [planMatchesWalk(query, query.search, order, limit, position, roles)] };
  }
  // A parent's children, or one state's cases, are usually fewer than all the cases of a role:
  // walk those and check the roles per row, so a role that cannot act in the state costs little.
  const narrower = query.parentId !== undefined || typeof query.assignee === 'string' || (order === 'created' && query.state !== undefined);
  if (roles === undefined || (narrower && query.queued !== true && query.waiting !== true)) {
    return { order, limit, statements: [planCasesWalk(query, order, limit, position, roles)] };
  }
  // A queue or a waiting list walks its own index once per (role, unit) and merges the runs.
  const units: Array<string | undefined> = query.units ?? [undefined];
  return { order, limit, statements: roles.flatMap((role) => units.map((unit) => planRoleWalk(query, order, limit, position, role, unit))) };
}

/** Equality, creation-range and search filters on the `cases` row `c` (status is fixed by an overdue walk). */
function rowFilters(query: CaseQuery, order: Order): { where: string[]; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, value: SqlValue) => {
    where.push(clause);
    params.push(value);
  };
  if (query.processId !== undefined) add('c.process_id = ?', query.processId);
  if (query.state !== undefined) add('c.state = ?', query.state);
  if (query.status !== undefined && order === 'created') add('c.status = ?', query.status);
  if (query.parentId !== undefined) add('c.parent_id = ?', query.parentId);
  // A range on created_at, the tail of every created-order index: the walk starts and ends inside it.
  if (query.createdFrom !== undefined) add('c.created_at >= ?', query.createdFrom);
  if (query.createdBefore !== undefined) add('c.created_at < ?', query.createdBefore);
  if (typeof query.assignee === 'string') add('c.assignee = ?', query.assignee);
  else if (query.assignee === null) where.push('c.assignee IS NULL');
  if (query.units !== undefined) {
    where.push(`c.unit IN (${query.units.map(() => '?').join(', ')})`);
    params.push(...query.units);
  }
  // Also on the search index's matches: it keeps LIKE's meaning (ASCII case folding only) on
  // both routes, so a list's pages agree whichever route each page took.
  if (query.search !== undefined && query.search !== '') add("c.search_text LIKE ? ESCAPE '\\'", likePattern(query.search));
  return { where, params };
}

/** The index whose leading equalities serve the query and whose tail is (created_at, id). */
function createdIndex(query: CaseQuery): string {
  if (query.parentId !== undefined) return 'cases_parent_idx';
  if (typeof query.assignee === 'string') return 'cases_assignee_idx';
  if (query.units?.length === 1 && query.processId === undefined && query.state === undefined) return 'cases_unit_idx';
  if (query.processId !== undefined && query.state !== undefined) return 'cases_process_state_idx';
  if (query.state !== undefined) return 'cases_state_idx';
  if (query.processId !== undefined) return 'cases_process_idx';
  if (query.status !== undefined) return 'cases_status_idx';
  return 'cases_created_idx';
}

function planCasesWalk(
  query: CaseQuery, order: Order, limit: number, position: Position | undefined, roles: string[] | undefined,
): PlannedStatement {
  const where: string[] = [];
  const params: SqlValue[] = [];
  let index: string;
  if (order === 'due') {
    index = typeof query.assignee === 'string' ? 'cases_assignee_due_idx' : 'cases_due_idx';
    where.push("c.status = 'active'", 'c.next_due_at < ?');
    params.push(query.overdueAt ?? 0);
    if (position) {
      where.push('(c.next_due_at, c.id) > (?, ?)');
      params.push(position.key, position.id);
    }
  } else {
    index = createdIndex(query);
    if (position) {
      where.push('(c.created_at, c.id) < (?, ?)');
      params.push(position.key, position.id);
    }
  }
  // Every equality goes in the WHERE clause; the index decides which ones cost nothing.
  const filters = rowFilters(query, order);
  where.push(...filters.where);
  params.push(...filters.params);
  if (roles !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM case_roles r WHERE r.case_id = c.id AND r.role IN (${roles.map(() => '?').join(', ')}))`);
    params.push(...roles);
  }
  const orderBy = order === 'due' ? 'c.next_due_at, c.id' : 'c.created_at DESC, c.id DESC';
  params.push(limit + 1);
  return {
    sql: `SELECT ${caseColumns('c')} FROM cases AS c INDEXED BY ${index} ${whereClause(where)} ORDER BY ${orderBy} LIMIT ?`,
    params,
  };
}

/**
 * A search answered from the trigram index: every match (at most SEARCH_SORT_CAP of them) is
 * joined to its case, filtered, and sorted into the page order.
 */
function planMatchesWalk(
  query: CaseQuery, search: string, order: Order, limit: number, position: Position | undefined, roles: string[] | undefined,
): PlannedStatement {
  const where = ['s.cases_search MATCH ?'];
  const params: SqlValue[] = [searchPhrase(search)];
  if (order === 'due') {
    where.push("c.status = 'active'", 'c.next_due_at < ?');
    params.push(query.overdueAt ?? 0);
    if (position) {
      where.push('(c.next_due_at, c.id) > (?, ?)');
      params.push(position.key, position.id);
    }
  } else if (position) {
    where.push('(c.created_at, c.id) < (?, ?)');
    params.push(position.key, position.id);
  }
  const filters = rowFilters(query, order);
  where.push(...filters.where);
  params.push(...filters.params);
  if (roles !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM case_roles r WHERE r.case_id = c.id AND r.role IN (${roles.map(() => '?').join(', ')}))`);
    params.push(...roles);
  }
  const orderBy = order === 'due' ? 'c.next_due_at, c.id' : 'c.created_at DESC, c.id DESC';
  params.push(limit + 1);
  return {
    sql: `SELECT ${caseColumns('c')} FROM cases_search AS s CROSS JOIN cases AS c ON c.rowid = s.rowid
      ${whereClause(where)} ORDER BY ${orderBy} LIMIT ?`,
    params,
  };
}

function whereClause(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

function planRoleWalk(
  query: CaseQuery, order: Order, limit: number, position: Position | undefined, role: string, unit?: string,
): PlannedStatement {
  const where = ['r.role = ?'];
  const params: SqlValue[] = [role];
  if (unit !== undefined) {
    where.push('r.unit = ?');
    params.push(unit);
  }
  if (query.queued === true) where.push('r.queued = 1');
  if (query.waiting === true) where.push('r.waiting = 1');
  const flagged = query.queued === true ? 'queue' : query.waiting === true ? 'waiting' : undefined;
  let index: string;
  let orderBy: string;
  if (order === 'due') {
    index = 'case_roles_due_idx';
    orderBy = 'r.next_due_at, r.case_id';
    where.push('r.next_due_at < ?', "c.status = 'active'");
    params.push(query.overdueAt ?? 0);
    if (position) {
      where.push('(r.next_due_at, r.case_id) > (?, ?)');
      params.push(position.key, position.id);
    }
  } else {
    index = flagged === undefined ? 'case_roles_created_idx' : `case_roles_${flagged}${unit === undefined ? '_all' : ''}_idx`;
    orderBy = 'r.created_at DESC, r.case_id DESC';
    if (position) {
      where.push('(r.created_at, r.case_id) < (?, ?)');
      params.push(position.key, position.id);
    }
  }
  const filters = rowFilters(query, order);
  where.push(...filters.where);
  params.push(...filters.params, limit + 1);
  // CROSS JOIN keeps case_roles as the outer loop, so rows come in the index's order.
  return {
    sql: `SELECT ${caseColumns('c')} FROM case_roles AS r INDEXED BY ${index} CROSS JOIN cases AS c ON c.id = r.case_id
      ${whereClause(where)} ORDER BY ${orderBy} LIMIT ?`,
    params,
  };
}

/** Runs case queries with a cache of prepared statements (one per filter shape). */
export function createCaseQuery(sqlite: Database): {
  query(query: CaseQuery): CasePage;
  explain(query: CaseQuery): string[];
} {
  const prepared = new Map<string, Statement<SqlValue[], CaseRow>>();
  const statementFor = (sql: string): Statement<SqlValue[], CaseRow> => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = sqlite.prepare<SqlValue[], CaseRow>(sql);
      prepared.set(sql, statement);
    }
    return statement;
  };

  // A read-only store opens without migrating, so a file from before migration 0001 has no
  // search index: its searches keep the LIKE walk.
  const indexed = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases_search'").get() !== undefined;
  const countMatches = indexed
    ? sqlite.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM (SELECT rowid FROM cases_search WHERE cases_search MATCH ? LIMIT ?)')
    : undefined;
  // Searches of one or two characters cannot use the trigram index: they keep the LIKE on the
  // ordered walk, which reads the whole index when the text is rare.
  const routeOf = (query: CaseQuery): SearchRoute => {
    if (countMatches === undefined || !searchUsesIndex(query.search)) return 'walk';
    const matches = countMatches.get(searchPhrase(query.search), SEARCH_SORT_CAP + 1)?.n ?? 0;
    return matches <= SEARCH_SORT_CAP ? 'matches' : 'walk';
  };

  return {
    query(query: CaseQuery): CasePage {
      const plan = planCaseQuery(query, routeOf(query));
      const runs = plan.statements.map(({ sql, params }) => statementFor(sql).all(...params));
      const rows = runs.length === 1 ? runs[0] : mergeRuns(runs, plan.order);
      const items = rows.slice(0, plan.limit).map(toCaseRecord);
      const page: CasePage = { items };
      if (rows.length > plan.limit) page.nextCursor = encodeCursor(positionOf(items[items.length - 1], plan.order));
      return page;
    },
    explain(query: CaseQuery): string[] {
      return planCaseQuery(query, routeOf(query)).statements.flatMap(({ sql, params }) =>
        sqlite
          .prepare<SqlValue[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...params)
          .map((row) => row.detail),
      );
    },
  };
}

function sortKey(row: CaseRow, order: Order): number {
  return order === 'due' ? (row.next_due_at ?? 0) : row.created_at;
}

/** Merges runs sorted in the page order, dropping cases found under several roles. */
export function mergeRuns(runs: CaseRow[][], order: Order): CaseRow[] {
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

/** Where the page after `record` starts. */
export function positionOf(record: CaseRecord, order: Order): Position {
  return { order, key: order === 'due' ? (record.nextDueAt ?? 0) : record.createdAt, id: record.id };
}
