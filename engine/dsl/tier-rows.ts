/**
 * Tier rows written short. A tier table may give `defaults` beside its `rows`: columns every row
 * has unless it sets them itself (`defaults: { firstReply: 24h }`). A row written as a text is its
 * label (`billing: 流量费用 Billing` for `billing: { label: 流量费用 Billing }`). Both are read into
 * full rows, and a cell taken from the defaults is located at the default it came from.
 */
import type { ExpansionContext } from './expansion-context.js';
import { isRecord } from './schema-properties.js';

/** Reads the defaults and the text rows of every tier table into full rows. */
export function expandTierRows(process: Record<string, unknown>, context: ExpansionContext): void {
  if (!isRecord(process.tiers)) return;
  for (const [name, table] of Object.entries(process.tiers)) {
    if (!isRecord(table) || !isRecord(table.rows)) continue;
    const defaults = isRecord(table.defaults) ? table.defaults : {};
    const rows: Record<string, unknown> = {};
    for (const [id, written] of Object.entries(table.rows)) {
      const path = ['tiers', name, 'rows', id];
      const own: Record<string, unknown> = typeof written === 'string' ? { label: written } : isRecord(written) ? written : {};
      if (typeof written === 'string') context.locator.copied([...path, 'label'], path);
      for (const column of Object.keys(defaults)) {
        if (column in own) continue;
        context.locator.copied([...path, column], ['tiers', name, 'defaults', column], { path, message: `row '${id}'` });
      }
      rows[id] = { ...own, ...Object.fromEntries(Object.entries(defaults).filter(([column]) => !(column in own))) };
    }
    const written = Object.values(table.rows).map((row) => (typeof row === 'string' ? { label: row } : isRecord(row) ? row : {}));
    for (const column of Object.keys(defaults)) {
      if (written.every((row) => column in row)) {
        context.report(['tiers', name, 'defaults', column], 'warning', `every row of tier '${name}' sets '${column}', so its default is never used`, { key: true });
      }
    }
    const { defaults: _defaults, ...rest } = table;
    process.tiers[name] = { ...rest, rows };
  }
}
