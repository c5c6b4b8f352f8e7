/**
 * The two ends of a database copy, as the copy (`copy-database.ts`) sees them: a SQLite source
 * read in one snapshot, and a PostgreSQL target written in batches. Each store implements its end
 * in its own folder, so the copy itself imports no driver.
 */
import type { ChainVerification } from '../../runtime/types.js';

/** One column of a table, as its database declares it. */
export interface ColumnShape {
  name: string;
  /** The declared type (`integer`, `text`, `boolean`, `bigint`, …), lower case. */
  type: string;
  /** Whether the database numbers it itself (a PostgreSQL identity column). */
  identity: boolean;
}

/** The tables of a database, each with its columns in declared order. */
export type SchemaShape = Map<string, ColumnShape[]>;

/** The database copied from, read as of one moment. */
export interface CopySource {
  /** Every table it holds, the store's internal ones included. */
  schema(): SchemaShape;
  /** Rows of a table. */
  count(table: string): number;
  /** The rows of a table in insertion order, `size` at a time: each row its rowid, then `columns` in that order. */
  batches(table: string, columns: string[], size: number): Iterable<unknown[][]>;
  /** Ends the snapshot and closes the database. */
  close(): Promise<void>;
}

/** The database copied into, migrated to the current schema. */
export interface CopyTarget {
  /** Every table of its schema. */
  schema(): Promise<SchemaShape>;
  /** Rows of each table named. */
  counts(tables: string[]): Promise<Map<string, number>>;
  /** Empties the tables named, in one transaction, their identities restarted. */
  clear(tables: string[]): Promise<void>;
  /** Inserts rows (values in `columns` order) into a table, in one transaction. */
  insert(table: string, columns: ColumnShape[], rows: unknown[][]): Promise<void>;
  /** Moves every identity of the tables named past the largest value they hold, so new rows number on. */
  continueIdentities(tables: string[]): Promise<void>;
  /** The whole-database check of every case chain against its case row. */
  verifyChains(): Promise<ChainVerification>;
  close(): Promise<void>;
}
