/**
 * What a copy from SQLite to PostgreSQL does with each table: the tables it copies, in order; the
 * SQLite tables it leaves behind on purpose, each with the reason; and the PostgreSQL columns that
 * SQLite has no counterpart for. A table or column found in neither list stops the copy before it
 * writes anything, so a table added later is never silently left out.
 */
import { CaseflowError } from '../../errors.js';
import type { ColumnShape, SchemaShape } from './copy-ends.js';

/** A copied table: its name, and the PostgreSQL column (if any) that takes SQLite's rowid. */
export interface CopiedTable {
  name: string;
  /** Keeps the insertion order SQLite's rowid recorded (the audit checkpoints' "events since" mark). */
  rowIdColumn?: string;
}

/** The tables copied, row for row and column for column, in this order. */
export const COPIED_TABLES: readonly CopiedTable[] = [
  { name: 'process_versions' },
  { name: 'calendar_versions' },
  { name: 'process_drafts' },
  { name: 'org_units' },
  { name: 'org_settings' },
  { name: 'users' },
  { name: 'sessions' },
  { name: 'api_tokens' },
  { name: 'saved_filters' },
  { name: 'cases' },
  { name: 'case_roles' },
  { name: 'events', rowIdColumn: 'row_id' },
  { name: 'timers' },
  { name: 'outbox' },
  { name: 'idempotency' },
  { name: 'tally_marks' },
  { name: 'notices' },
  { name: 'admin_log' },
  { name: 'audit_checkpoints' },
  { name: 'checkpoint_heads' },
];

/** SQLite tables not copied, and why. Tables named `sqlite_…` are SQLite's own and never copied. */
export const NOT_COPIED: Readonly<Record<string, string>> = {
  __drizzle_migrations: 'each store records its own migrations',
  cases_search: "SQLite's full-text index of cases.search_text; PostgreSQL indexes the column itself",
  cases_search_config: 'part of the cases_search index',
  cases_search_data: 'part of the cases_search index',
  cases_search_docsize: 'part of the cases_search index',
  cases_search_idx: 'part of the cases_search index',
};

/** PostgreSQL columns with no SQLite counterpart: left empty (leases: nobody holds a copied timer or message). */
export const TARGET_ONLY_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  events: ['row_id'],
  timers: ['lease_node', 'lease_until'],
  outbox: ['lease_node', 'lease_until'],
};

/** How one table is copied: the source columns read (after the rowid) and the target columns written. */
export interface TableCopy {
  name: string;
  /** Source columns in the order read. */
  sourceColumns: string[];
  /** Target columns written: the rowid's column first when there is one, then the source columns. */
  targetColumns: ColumnShape[];
  /** Whether the rowid is written (into `targetColumns[0]`). */
  withRowId: boolean;
}

const isSqliteInternal = (table: string) => table.startsWith('sqlite_');

/**
 * The copy of each table, or a `conflict` naming everything that does not match: a source table
 * neither copied nor left out on purpose, a copied table missing on either side, a source column
 * the target lacks, a target column neither in the source nor known to be the target's own.
 */
export function planCopy(source: SchemaShape, target: SchemaShape): TableCopy[] {
  const problems: string[] = [];
  const copied = new Set(COPIED_TABLES.map((table) => table.name));
  for (const table of source.keys()) {
    if (!copied.has(table) && !isSqliteInternal(table) && !Object.hasOwn(NOT_COPIED, table)) {
      problems.push(`the SQLite table ${table} is not handled by the copy`);
    }
  }
  const plan: TableCopy[] = [];
  for (const { name, rowIdColumn } of COPIED_TABLES) {
    const from = source.get(name);
    const to = target.get(name);
    if (from === undefined) problems.push(`the SQLite database has no table ${name}`);
    if (to === undefined) problems.push(`the PostgreSQL database has no table ${name}`);
    if (from === undefined || to === undefined) continue;
    const targetByName = new Map(to.map((column) => [column.name, column]));
    const sourceNames = new Set(from.map((column) => column.name));
    const own = new Set(TARGET_ONLY_COLUMNS[name] ?? []);
    for (const column of from) {
      if (!targetByName.has(column.name)) problems.push(`the PostgreSQL table ${name} has no column ${column.name}`);
    }
    for (const column of to) {
      if (!sourceNames.has(column.name) && !own.has(column.name)) problems.push(`the SQLite table ${name} has no column ${column.name}`);
    }
    const rowIdTarget = rowIdColumn === undefined ? undefined : targetByName.get(rowIdColumn);
    if (rowIdColumn !== undefined && rowIdTarget === undefined) problems.push(`the PostgreSQL table ${name} has no column ${rowIdColumn}`);
    const sourceColumns = from.map((column) => column.name).filter((column) => targetByName.has(column));
    const targetColumns = sourceColumns.flatMap((column) => targetByName.get(column) ?? []);
    plan.push({
      name,
      sourceColumns,
      targetColumns: rowIdTarget === undefined ? targetColumns : [rowIdTarget, ...targetColumns],
      withRowId: rowIdTarget !== undefined,
    });
  }
  if (problems.length > 0) {
    throw new CaseflowError('conflict', `the databases do not match this copy, nothing was copied: ${problems.join('; ')}`, { details: problems });
  }
  return plan;
}
