/**
 * Copies a SQLite database into a PostgreSQL database: every table the plan copies, row for row
 * and in insertion order, a batch per transaction; then identities moved on, rows counted on both
 * sides and every case chain checked on the copy. The target must hold no Caseflow rows, unless
 * `replace` empties it first. The PostgreSQL end is loaded only here, as `openStore` loads it.
 */
import { CaseflowError } from '../../errors.js';
import type { ChainVerification } from '../../runtime/types.js';
import { isPostgresUrl } from '../database-url.js';
import { openSqliteCopySource } from '../sqlite/copy-source.js';
import type { CopySource, CopyTarget } from './copy-ends.js';
import { planCopy } from './copy-plan.js';

/** Rows per transaction unless told otherwise. */
export const DEFAULT_COPY_BATCH = 1000;

/** How far the copy of one table is. */
export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

/** Options of `copyDatabase`. */
export interface CopyOptions {
  /** The SQLite file copied from. */
  from: string;
  /** The `postgres://` URL of the database copied into. */
  to: string;
  /** Rows per transaction (default 1000). */
  batch?: number;
  /** Empty the target's Caseflow tables first instead of refusing a target that holds rows. */
  replace?: boolean;
  /** Called after each batch, and once for a table without rows. */
  onProgress?(progress: CopyProgress): void;
}

/** The rows of one table in the source and in the copy. */
export interface TableCount {
  table: string;
  from: number;
  to: number;
}

/** What a copy did and found. */
export interface CopyReport {
  tables: TableCount[];
  /** The tables whose row counts differ after the copy. */
  mismatched: string[];
  /** The chain check of the copy. */
  chains: ChainVerification;
}

/** Copies `options.from` into `options.to`; refuses (`conflict`, nothing written) a target that holds rows unless `replace`. */
export async function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  if (isPostgresUrl(options.from)) throw new CaseflowError('invalid-input', '--from must be a SQLite database file');
  if (!isPostgresUrl(options.to)) throw new CaseflowError('invalid-input', '--to must be a postgres:// URL');
  const batch = options.batch ?? DEFAULT_COPY_BATCH;
  if (!Number.isInteger(batch) || batch < 1) throw new CaseflowError('invalid-input', `the batch size must be a whole number of rows, not ${batch}`);
  const source = await openSqliteCopySource(options.from);
  try {
    const { openPostgresCopyTarget } = await import('../postgres/copy-target.js');
    const target = await openPostgresCopyTarget(options.to);
    try {
      return await copyBetween(source, target, { ...options, batch });
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** The copy between two open ends. */
async function copyBetween(source: CopySource, target: CopyTarget, options: CopyOptions & { batch: number }): Promise<CopyReport> {
  const plan = planCopy(source.schema(), await target.schema());
  const names = plan.map((table) => table.name);
  const before = await target.counts(names);
  const holding = names.filter((name) => (before.get(name) ?? 0) > 0);
  if (holding.length > 0) {
    if (!options.replace) {
      const listed = holding.map((name) => `${name} (${before.get(name)})`).join(', ');
      throw new CaseflowError('conflict', `the target database already holds rows in ${listed}; nothing was copied. Copy into an empty database, or pass --replace to empty these tables first`);
    }
    await target.clear(names);
  }
  const tables: TableCount[] = [];
  for (const table of plan) {
    const total = source.count(table.name);
    let copied = 0;
    for (const rows of source.batches(table.name, table.sourceColumns, options.batch)) {
      await target.insert(table.name, table.targetColumns, table.withRowId ? rows : rows.map((row) => row.slice(1)));
      copied += rows.length;
      options.onProgress?.({ table: table.name, copied, total });
    }
    if (copied === 0) options.onProgress?.({ table: table.name, copied, total });
    tables.push({ table: table.name, from: total, to: 0 });
  }
  await target.continueIdentities(names);
  const after = await target.counts(names);
  for (const count of tables) count.to = after.get(count.table) ?? 0;
  const mismatched = tables.filter((count) => count.from !== count.to).map((count) => count.table);
  return { tables, mismatched, chains: await target.verifyChains() };
}
