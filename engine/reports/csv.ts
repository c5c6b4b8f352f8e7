/** CSV export of report tables (RFC 4180), safe to open in a spreadsheet. */

/** A cell of a report table. */
export type Cell = string | number | boolean | null;

/** Rows of a figure with their columns in order. */
export interface FigureTable {
  columns: string[];
  rows: Array<Record<string, Cell>>;
}

// A cell starting with one of these is a formula to a spreadsheet (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as CSV text with a header line; starts with a BOM so spreadsheets read UTF-8 (中文). */
export function toCsv(table: FigureTable): string {
  const lines = [table.columns.map(csvCell).join(','), ...table.rows.map((row) => table.columns.map((column) => csvCell(row[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
