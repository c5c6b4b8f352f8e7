/**
 * Reads and writes about people's work: workload per person, how many active cases each holds
 * (for automatic assignment), and in-app notifications.
 */
import type { Database } from 'better-sqlite3';
import type { NoticeRecord, WorkloadRow } from '../../../runtime/store.js';
import { toNotice, type NoticeRow } from './rows.js';

/** Staffing operations of a connection (writes go through the group commit's `apply`). */
export interface StaffingOperations {
  workload(args: { units?: string[]; now: number; dayEnd: number }): WorkloadRow[];
  openCaseCounts(userIds: string[]): Map<string, number>;
  listNotices(userId: string, options: { unreadOnly?: boolean; limit: number }): NoticeRecord[];
  countUnread(userId: string): number;
  markRead(userId: string, at: number, ids?: number[]): number;
}

/** Prepares the staffing operations on a connection. */
export function createStaffingOperations(sqlite: Database): StaffingOperations {
  const workloadSql = (units: number) => `SELECT assignee, count(*) AS open,
      sum(CASE WHEN next_due_at < ? THEN 1 ELSE 0 END) AS overdue,
      sum(CASE WHEN next_due_at >= ? AND next_due_at < ? THEN 1 ELSE 0 END) AS due_today
    FROM cases INDEXED BY cases_assignee_due_idx
    WHERE assignee IS NOT NULL AND status = 'active'${units < 0 ? '' : ` AND unit IN (${Array.from({ length: units }, () => '?').join(', ')})`}
    GROUP BY assignee ORDER BY assignee`;
  const openCount = sqlite.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM cases INDEXED BY cases_assignee_due_idx WHERE assignee = ? AND status = 'active'",
  );
  const notices = sqlite.prepare<[string, number], NoticeRow>('SELECT * FROM notices WHERE user_id = ? ORDER BY id DESC LIMIT ?');
  const unreadNotices = sqlite.prepare<[string, number], NoticeRow>(
    'SELECT * FROM notices INDEXED BY notices_unread_idx WHERE user_id = ? AND read_at IS NULL ORDER BY id DESC LIMIT ?',
  );
  const unreadCount = sqlite.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM notices INDEXED BY notices_unread_idx WHERE user_id = ? AND read_at IS NULL',
  );
  const markAll = sqlite.prepare<[number, string]>('UPDATE notices SET read_at = ? WHERE user_id = ? AND read_at IS NULL');
  const markOne = sqlite.prepare<[number, string, number]>('UPDATE notices SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL');
  return {
    workload({ units, now, dayEnd }) {
      if (units !== undefined && units.length === 0) return [];
      const rows = sqlite
        .prepare<Array<string | number>, { assignee: string; open: number; overdue: number; due_today: number }>(workloadSql(units?.length ?? -1))
        .all(now, now, dayEnd, ...(units ?? []));
      return rows.map((row) => ({ assignee: row.assignee, open: row.open, overdue: row.overdue, dueToday: row.due_today }));
    },
    openCaseCounts(userIds) {
      return new Map(userIds.map((id) => [id, openCount.get(id)?.n ?? 0]));
    },
    listNotices(userId, { unreadOnly, limit }) {
      return (unreadOnly ? unreadNotices : notices).all(userId, limit).map(toNotice);
    },
    countUnread: (userId) => unreadCount.get(userId)?.n ?? 0,
    markRead(userId, at, ids) {
      if (ids === undefined) return markAll.run(at, userId).changes;
      let changed = 0;
      for (const id of ids) changed += markOne.run(at, userId, id).changes;
      return changed;
    },
  };
}
