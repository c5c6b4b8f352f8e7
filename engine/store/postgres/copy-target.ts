/**
 * A PostgreSQL database as the target of a copy: migrated at open, its schema read from the
 * catalog, each batch of rows inserted in its own transaction with the values the source stored
 * (text byte for byte, so hash chains verify), identities written as given and then moved on.
 */
import type pg from 'pg';
import type { ColumnShape, CopyTarget, SchemaShape } from '../copy/copy-ends.js';
import { checkChains } from './chain-check.js';
import { applyMigrations } from './migrate.js';
import { toStoreError } from './pg-errors.js';
import { createPool } from './pool.js';

/** PostgreSQL accepts at most this many parameters in one statement. */
const MAX_PARAMETERS = 65_535;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A value as the target column takes it: SQLite keeps booleans as 0 and 1. */
function toColumn(value: unknown, column: ColumnShape): unknown {
  if (value === null || value === undefined) return null;
  if (column.type === 'boolean') return value === 1 || value === true || value === '1';
  return value;
}

/** Runs `work` in one transaction on one connection of the pool. */
async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(true);
    throw toStoreError(error);
  }
}

/** Opens (migrating if needed) the PostgreSQL database at `url` as a copy target. */
export async function openPostgresCopyTarget(url: string): Promise<CopyTarget> {
  const pool = createPool({ url, max: 2 });
  pool.on('error', () => {});
  try {
    await applyMigrations(pool);
  } catch (error) {
    await pool.end();
    throw toStoreError(error);
  }
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    try {
      return await pool.query<R>(text, values);
    } catch (error) {
      throw toStoreError(error);
    }
  };
  const schema = async (): Promise<SchemaShape> => {
    const result = await query<{ table_name: string; column_name: string; data_type: string; is_identity: string }>(
      `SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns
       WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
    const shape: SchemaShape = new Map();
    for (const row of result.rows) {
      const columns = shape.get(row.table_name) ?? [];
      columns.push({ name: row.column_name, type: row.data_type.toLowerCase(), identity: row.is_identity === 'YES' });
      shape.set(row.table_name, columns);
    }
    return shape;
  };
  return {
    schema,
    async counts(tables) {
      const counts = new Map<string, number>();
      for (const table of tables) {
        const result = await query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${quoted(table)}`);
        counts.set(table, result.rows[0]?.n ?? 0);
      }
      return counts;
    },
    async clear(tables) {
      if (tables.length === 0) return;
      await inTransaction(pool, async (client) => {
        await client.query(`TRUNCATE ${tables.map(quoted).join(', ')} RESTART IDENTITY`);
      });
    },
    async insert(table, columns, rows) {
      if (rows.length === 0) return;
      const overriding = columns.some((column) => column.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
      const head = `INSERT INTO ${quoted(table)} (${columns.map((column) => quoted(column.name)).join(', ')})${overriding} VALUES `;
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
      await inTransaction(pool, async (client) => {
        for (let start = 0; start < rows.length; start += perStatement) {
          const chunk = rows.slice(start, start + perStatement);
          const values: unknown[] = [];
          const tuples = chunk.map((row) => {
            const places = columns.map((column, i) => {
              values.push(toColumn(row[i], column));
              return `$${values.length}`;
            });
            return `(${places.join(', ')})`;
          });
          await client.query(head + tuples.join(', '), values);
        }
      });
    },
    async continueIdentities(tables) {
      const shape = await schema();
      for (const table of tables) {
        for (const column of shape.get(table) ?? []) {
          if (!column.identity) continue;
          await query(
            `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${quoted(column.name)}), 1), max(${quoted(column.name)}) IS NOT NULL) FROM ${quoted(table)}`,
            [quoted(table), column.name],
          );
        }
      }
    },
    verifyChains: async () => {
      try {
        return await checkChains(pool);
      } catch (error) {
        throw toStoreError(error);
      }
    },
    close: () => pool.end(),
  };
}
