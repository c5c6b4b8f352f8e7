/** CSV export of report tables (RFC 4180), safe to open in a spreadsheet. */
import { showBidiControls } from '../display-text.js';

/** A cell of a report table. */
export type Cell = string | number | boolean | null;

/** Rows of a figure with their columns in order. */
export interface FigureTable {
  columns: string[];
  rows: Array<Record<string, Cell>>;
}

// A cell starting with one of these, after any blanks (spreadsheets skip them), is a formula to
// a spreadsheet (CSV injection); so is one starting with a tab or a line break.
const FORMULA_START = /^(?:[\s\u00A0\u3000]*[=+\-@]|[\t\r\n])/;

function csvCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? showBidiControls(value) : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as CSV text with a header line; starts with a BOM so spreadsheets read UTF-8 (中文). */
export function toCsv(table: FigureTable): string {
  const lines = [table.columns.map(csvCell).join(','), ...table.rows.map((row) => table.columns.map((column) => csvCell(row[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
