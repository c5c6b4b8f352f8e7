/**
 * The outbox: messages written by commits, read by the delivery worker, which records each
 * attempt on the row (`attempts`, `next_attempt_at`, `last_error`) rather than in a log.
 */
import type { Database } from 'better-sqlite3';
import { and, asc, eq } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { CaseflowError } from '../../../errors.js';
import type { OutboxRecord } from '../../../runtime/store.js';
import { outbox } from '../schema.js';
import { toOutboxRecord, type OutboxRow } from './rows.js';

/** Fields of an outbox row the delivery worker may change. */
export type OutboxChange = Partial<Pick<OutboxRecord, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError'>>;

/** Outbox operations of a connection; `update` is a write for the group commit. */
export interface OutboxOperations {
  due(now: number, limit: number): OutboxRecord[];
  list(filter: { status?: OutboxRecord['status']; caseId?: string; limit: number }): OutboxRecord[];
  /** Refuses with `not-found` an id that names no message. */
  mustExist(id: number): void;
  update(id: number, change: OutboxChange): void;
}

/** Prepares the outbox operations on a connection. */
export function createOutboxOperations(sqlite: Database, db: BetterSQLite3Database): OutboxOperations {
  // 'failed' rows are retried when their next attempt falls due; 'dead' rows never are.
  const exists = sqlite.prepare<[number], { id: number }>('SELECT id FROM outbox WHERE id = ?');
  const due = sqlite.prepare<[number, number], OutboxRow>(
    `SELECT * FROM outbox WHERE status IN ('pending', 'failed') AND next_attempt_at <= ?
     ORDER BY next_attempt_at, id LIMIT ?`,
  );
  return {
    due: (now, limit) => due.all(now, limit).map(toOutboxRecord),
    list(filter) {
      const conditions = [];
      if (filter.status !== undefined) conditions.push(eq(outbox.status, filter.status));
      if (filter.caseId !== undefined) conditions.push(eq(outbox.caseId, filter.caseId));
      const rows = db.select().from(outbox).where(and(...conditions)).orderBy(asc(outbox.id)).limit(filter.limit).all();
      return rows.map(({ recipients, subject, lastError, ...rest }) => ({
        ...rest,
        to: recipients,
        ...(subject === null ? {} : { subject }),
        ...(lastError === null ? {} : { lastError }),
      }));
    },
    mustExist(id) {
      if (!exists.get(id)) throw new CaseflowError('not-found', `Outbox message ${id} does not exist`);
    },
    update(id, change) {
      const set: Partial<typeof outbox.$inferInsert> = {};
      if (change.status !== undefined) set.status = change.status;
      if (change.attempts !== undefined) set.attempts = change.attempts;
      if (change.nextAttemptAt !== undefined) set.nextAttemptAt = change.nextAttemptAt;
      if ('lastError' in change) set.lastError = change.lastError ?? null;
      if (Object.keys(set).length > 0) db.update(outbox).set(set).where(eq(outbox.id, id)).run();
    },
  };
}
