/**
 * The role rows of a case (`case_roles`): one per role that can act or decide, with its unit and
 * whether the case waits in that role's queue (nobody holds it) or on that role's decision. A
 * commit writes only what changed: rows of roles gone or new, and the due time of the rest in
 * one statement. All rows are written again only when their flags may change (another unit,
 * holder or approval, or a case waiting in a queue).
 */
import type { Database } from 'better-sqlite3';
import type { CaseRecord } from '../../../runtime/store.js';

/** What the case row said before this commit, as far as its role rows go. */
export interface PriorRoles {
  /** The JSON list of roles the rows were written for. */
  actionable_roles: string;
  next_due_at: number | null;
  /** Whether the rows' unit and flags still fit the record. */
  flagsFit: boolean;
}

/** Writes the role rows of cases with prepared statements of one connection. */
export interface RoleRowWriter {
  /** Makes the rows of `record` as they should be; `prior` is undefined for a new case. */
  write(record: Omit<CaseRecord, 'snapshot'>, prior: PriorRoles | undefined): void;
}

/** Prepares the role-row statements on a connection. */
export function prepareRoleRows(sqlite: Database): RoleRowWriter {
  const insert = sqlite.prepare(
    'INSERT INTO case_roles (case_id, role, created_at, next_due_at, unit, queued, waiting) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const removeAll = sqlite.prepare('DELETE FROM case_roles WHERE case_id = ?');
  const remove = sqlite.prepare('DELETE FROM case_roles WHERE case_id = ? AND role = ?');
  // Only the due index holds next_due_at: the other indexes of the rows are left alone.
  const moveDue = sqlite.prepare('UPDATE case_roles SET next_due_at = ? WHERE case_id = ?');

  const insertRows = (record: Omit<CaseRecord, 'snapshot'>, roles: string[]): void => {
    const dueAt = record.nextDueAt ?? null;
    const unit = record.unit ?? null;
    const open = record.assignee === undefined && record.status === 'active';
    const queue = record.queueRoles;
    const waiting = record.waitingOn ?? [];
    for (const role of roles) {
      const queued = open && (queue === undefined || queue.includes(role)) ? 1 : 0;
      insert.run(record.id, role, record.createdAt, dueAt, unit, queued, waiting.includes(role) ? 1 : 0);
    }
  };

  return {
    write(record, prior) {
      if (prior === undefined || !prior.flagsFit) {
        if (prior !== undefined) removeAll.run(record.id);
        insertRows(record, record.actionableRoles);
        return;
      }
      const before: unknown = JSON.parse(prior.actionable_roles);
      const had = new Set(Array.isArray(before) ? before.map(String) : []);
      for (const role of had) if (!record.actionableRoles.includes(role)) remove.run(record.id, role);
      const dueAt = record.nextDueAt ?? null;
      if (dueAt !== prior.next_due_at) moveDue.run(dueAt, record.id);
      insertRows(record, record.actionableRoles.filter((role) => !had.has(role)));
    },
  };
}
