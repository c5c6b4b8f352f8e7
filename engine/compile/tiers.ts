/**
 * Tier tables: `tiers.<name>` is the row named by `data[field]`, plus `id`, `next` (the row
 * above, or the same row at the top) and `top`. A missing or unknown id means the lowest row.
 */
import type { ProcessDefinition, TierTable } from '../dsl/types.js';
import { tierRowFields } from '../dsl/cel-env.js';
import { literalToCel } from './cel-values.js';

/** The current row of one tier table, as expressions and templates see it. */
export type TierRow = Record<string, string | number | boolean>;

/** The rows of one table worked out once: each id's row as expressions and templates see it, and its CEL form. */
interface TableRows {
  field: string;
  byId: Map<string, TierRow>;
  lowest: TierRow;
}

const tableRows = new WeakMap<TierTable, TableRows>();

/** The rows of a table with `id`, `next` and `top` filled in, made once per table and shared (never changed). */
function rowsOf(table: TierTable): TableRows {
  let rows = tableRows.get(table);
  if (rows === undefined) {
    const ids = Object.keys(table.rows);
    const byId = new Map<string, TierRow>();
    ids.forEach((id, index) => {
      const top = index === ids.length - 1;
      byId.set(id, Object.freeze({ ...table.rows[id], id, next: top ? id : ids[index + 1], top }));
    });
    rows = { field: table.field, byId, lowest: byId.get(ids[0]) ?? Object.freeze({}) };
    tableRows.set(table, rows);
  }
  return rows;
}

/** The current row of a table for this data: a missing or unknown id means the lowest row. */
function currentTierRow(table: TierTable, data: Record<string, unknown>): TierRow {
  const rows = rowsOf(table);
  const value = data[rows.field];
  return (typeof value === 'string' ? rows.byId.get(value) : undefined) ?? rows.lowest;
}

/** The current row of every tier table of the process. */
export function currentTiers(definition: ProcessDefinition, data: Record<string, unknown>): Record<string, TierRow> {
  const tiers: Record<string, TierRow> = {};
  for (const [name, table] of Object.entries(definition.tiers ?? {})) tiers[name] = currentTierRow(table, data);
  return tiers;
}

/** Columns CEL sees as `int`: those whose every cell is a whole number. */
function integerColumns(table: TierTable): Set<string> {
  return new Set(Object.entries(tierRowFields(table)).flatMap(([column, type]) => (type === 'int' ? [column] : [])));
}

/** Builds a converter from current tier rows to CEL values, typed as `engine/dsl/cel-env.ts` declares them. */
export function tiersToCel(definition: ProcessDefinition): (tiers: Record<string, TierRow>) => Record<string, unknown> {
  const integers = new Map(Object.entries(definition.tiers ?? {}).map(([name, table]) => [name, integerColumns(table)]));
  // Rows are shared objects (see rowsOf), so each row's CEL form is made once.
  const celRows = new WeakMap<TierRow, Record<string, unknown>>();
  return (tiers) => {
    const out: Record<string, unknown> = {};
    for (const [name, row] of Object.entries(tiers)) {
      let cells = celRows.get(row);
      if (cells === undefined) {
        const ints = integers.get(name) ?? new Set<string>();
        cells = {};
        for (const [column, cell] of Object.entries(row)) cells[column] = ints.has(column) ? literalToCel(cell) : cell;
        celRows.set(row, cells);
      }
      out[name] = cells;
    }
    return out;
  };
}
