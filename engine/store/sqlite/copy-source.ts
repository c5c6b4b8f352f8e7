/**
 * A SQLite database as the source of a copy: migrated to this version's schema first (as the
 * server does at start), then read on a read-only connection inside one transaction, so every
 * table is read as of the same moment even while a server keeps writing.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CaseflowError } from '../../errors.js';
import type { ColumnShape, CopySource, SchemaShape } from '../copy/copy-ends.js';
import { openSqliteStore } from './sqlite-store.js';
import { toStoreError } from './sqlite-errors.js';

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Opens the SQLite file `file` (which must exist) as a copy source. */
export async function openSqliteCopySource(file: string): Promise<CopySource> {
  if (file === ':memory:' || !existsSync(file)) throw new CaseflowError('not-found', `there is no SQLite database at ${file}`);
  await openSqliteStore({ file }).close();
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    sqlite.exec('BEGIN');
  } catch (error) {
    throw toStoreError(error);
  }
  return {
    schema() {
      const shape: SchemaShape = new Map();
      const tables = sqlite.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
      for (const { name } of tables) {
        const columns = sqlite.prepare<[string], { name: string; type: string }>('SELECT name, type FROM pragma_table_info(?)').all(name);
        shape.set(name, columns.map((column): ColumnShape => ({ name: column.name, type: column.type.toLowerCase(), identity: false })));
      }
      return shape;
    },
    count(table) {
      return sqlite.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${quoted(table)}`).get()?.n ?? 0;
    },
    *batches(table, columns, size) {
      const select = sqlite.prepare<[number, number], unknown[]>(
        `SELECT rowid, ${columns.map(quoted).join(', ')} FROM ${quoted(table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      ).raw(true);
      let after = Number.MIN_SAFE_INTEGER;
      for (;;) {
        const rows = select.all(after, size);
        if (rows.length === 0) return;
        yield rows;
        if (rows.length < size) return;
        after = Number(rows[rows.length - 1][0]);
      }
    },
    async close() {
      if (!sqlite.open) return;
      if (sqlite.inTransaction) sqlite.exec('COMMIT');
      sqlite.close();
    },
  };
}
