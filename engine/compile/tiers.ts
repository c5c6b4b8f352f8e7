/**
 * Tier tables: `tiers.<name>` is the row named by `data[field]`, plus `id`, `next` (the row
 * above, or the same row at the top) and `top`. A missing or unknown id means the lowest row.
 */
import type { ProcessDefinition, TierTable } from '../dsl/types.js';
import { tierRowFields } from '../dsl/cel-env.js';
import { literalToCel } from './cel-values.js';

/** The current row of one tier table, as expressions and templates see it. */
export type TierRow = Record<string, string | number | boolean>;

/** The current row of a table for this data. */
function currentTierRow(table: TierTable, data: Record<string, unknown>): TierRow {
  const ids = Object.keys(table.rows);
  const value = data[table.field];
  const index = typeof value === 'string' && ids.includes(value) ? ids.indexOf(value) : 0;
  const id = ids[index];
  const top = index === ids.length - 1;
  return { ...table.rows[id], id, next: top ? id : ids[index + 1], top };
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
  return (tiers) => {
    const out: Record<string, unknown> = {};
    for (const [name, row] of Object.entries(tiers)) {
      const ints = integers.get(name) ?? new Set<string>();
      const cells: Record<string, unknown> = {};
      for (const [column, cell] of Object.entries(row)) cells[column] = ints.has(column) ? literalToCel(cell) : cell;
      out[name] = cells;
    }
    return out;
  };
}
