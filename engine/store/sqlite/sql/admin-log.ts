/**
 * The admin log's rows: appending (a write for the group commit, so reading the head and
 * inserting the next entry are atomic), filtered reads newest first, and the scan in seq order.
 */
import type { Database } from 'better-sqlite3';
import type { AdminLogEntry, AdminLogFilter, ChainHead } from '../../../audit/types.js';

/** An `admin_log` row as SQLite returns it. */
interface AdminLogRow {
  seq: number;
  at: number;
  actor_id: string;
  actor_name: string;
  action: string;
  target: string;
  details: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, at, actor_id, actor_name, action, target, details, prev_hash, hash';
function toEntry(row: AdminLogRow): AdminLogEntry {
  return {
    seq: row.seq, at: row.at, actorId: row.actor_id, actorName: row.actor_name, action: row.action, target: row.target,
    details: JSON.parse(row.details), prevHash: row.prev_hash, hash: row.hash,
  };
}

/** Admin log operations of a connection; `append` is a write for the group commit. */
export interface AdminLogOperations {
  append(make: (previous: ChainHead | undefined) => AdminLogEntry): AdminLogEntry;
  head(): ChainHead | undefined;
  query(filter: AdminLogFilter): AdminLogEntry[];
  scan(afterSeq: number, limit: number): AdminLogEntry[];
}

/** A statement prepared on first use, so a read-only store opens on a database older than these tables. */
export function preparedOnUse<T>(prepare: () => T): () => T {
  let statement: T | undefined;
  return () => (statement ??= prepare());
}

/** Prepares the admin log operations on a connection. */
export function createAdminLogOperations(sqlite: Database): AdminLogOperations {
  const head = preparedOnUse(() => sqlite.prepare<[], ChainHead>('SELECT seq, hash FROM admin_log ORDER BY seq DESC LIMIT 1'));
  const insert = preparedOnUse(() => sqlite.prepare(`INSERT INTO admin_log (${COLUMNS}) VALUES (@seq, @at, @actorId, @actorName, @action, @target, @details, @prevHash, @hash)`));
  const scan = preparedOnUse(() => sqlite.prepare<[number, number], AdminLogRow>(`SELECT ${COLUMNS} FROM admin_log WHERE seq > ? ORDER BY seq LIMIT ?`));
  return {
    append(make) {
      const entry = make(head().get());
      insert().run({ ...entry, details: JSON.stringify(entry.details) });
      return entry;
    },
    head: () => head().get(),
    query(filter) {
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (filter.action !== undefined) {
        where.push('action = ?');
        params.push(filter.action);
      }
      if (filter.actor !== undefined) {
        where.push('actor_name = ?');
        params.push(filter.actor);
      }
      if (filter.from !== undefined) {
        where.push('at >= ?');
        params.push(filter.from);
      }
      if (filter.to !== undefined) {
        where.push('at < ?');
        params.push(filter.to);
      }
      if (filter.before !== undefined) {
        where.push('seq < ?');
        params.push(filter.before);
      }
      const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
      return sqlite
        .prepare<Array<string | number>, AdminLogRow>(`SELECT ${COLUMNS} FROM admin_log ${clause} ORDER BY seq DESC LIMIT ?`)
        .all(...params, filter.limit)
        .map(toEntry);
    },
    scan: (afterSeq, limit) => scan().all(afterSeq, limit).map(toEntry),
  };
}
