/**
 * Queries the outbox page and the scheduled notices need beyond the `Store` contract, on the
 * SQLite store's connection (see `OutboxBrowser` in engine/notify). Notices are not caused by
 * a case event: their `case_id` is their key (`digest:2025-W13`) and `event_seq` is 0.
 */
import type { OutboxBrowser, OutboxStatus } from '../../notify/outbox-browser.js';
import { toOutboxRecord, type OutboxRow } from './sql/rows.js';
import type { SqliteStore } from './sqlite-store.js';

/** Bindings of the notice insert. */
interface NoticeRow {
  key: string;
  channel: string;
  template: string;
  recipients: string;
  subject: string | null;
  body: string;
  now: number;
}

/** Messages of cases of `count` units (bound after it): a digest or other notice is of no case, so of no unit. */
function unitCondition(count: number): string {
  return count === 0 ? '0' : `case_id IN (SELECT id FROM cases WHERE unit IN (${Array.from({ length: count }, () => '?').join(', ')}))`;
}

/** The outbox browser of a SQLite store. */
export function sqliteOutboxBrowser(store: Pick<SqliteStore, 'db'>): OutboxBrowser {
  const sqlite = store.db.$client;
  const byId = sqlite.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
  const counts = sqlite.prepare<[], { status: OutboxStatus; n: number }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status');
  const insertNotice = sqlite.prepare<[NoticeRow], OutboxRow>(
    `INSERT INTO outbox (case_id, event_seq, channel, template, recipients, subject, body, status, attempts, next_attempt_at, created_at)
     SELECT @key, 0, @channel, @template, @recipients, @subject, @body, 'pending', 0, @now, @now
     WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE case_id = @key)
     RETURNING *`,
  );
  return {
    async page(query) {
      const conditions: string[] = [];
      const values: Array<string | number> = [];
      if (query.status !== undefined) {
        conditions.push('status = ?');
        values.push(query.status);
      }
      if (query.caseId !== undefined) {
        conditions.push('case_id = ?');
        values.push(query.caseId);
      }
      if (query.before !== undefined) {
        conditions.push('id < ?');
        values.push(query.before);
      }
      if (query.units !== undefined) {
        conditions.push(unitCondition(query.units.length));
        values.push(...query.units);
      }
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = sqlite.prepare<Array<string | number>, OutboxRow>(`SELECT * FROM outbox ${where} ORDER BY id DESC LIMIT ?`).all(...values, query.limit + 1);
      const items = rows.slice(0, query.limit).map(toOutboxRecord);
      return rows.length > query.limit ? { items, nextBefore: items[items.length - 1].id } : { items };
    },
    async counts(units) {
      const tally: Record<OutboxStatus, number> = { pending: 0, failed: 0, dead: 0, sent: 0 };
      const rows = units === undefined
        ? counts.all()
        : sqlite.prepare<string[], { status: OutboxStatus; n: number }>(`SELECT status, COUNT(*) AS n FROM outbox WHERE ${unitCondition(units.length)} GROUP BY status`).all(...units);
      for (const row of rows) tally[row.status] = row.n;
      return tally;
    },
    async get(id, units) {
      const row = units === undefined
        ? byId.get(id)
        : sqlite.prepare<Array<string | number>, OutboxRow>(`SELECT * FROM outbox WHERE id = ? AND ${unitCondition(units.length)}`).get(id, ...units);
      return row === undefined ? undefined : toOutboxRecord(row);
    },
    async addNotice(notice, now) {
      const row = insertNotice.get({
        key: notice.key,
        channel: notice.channel,
        template: notice.template,
        recipients: JSON.stringify(notice.to),
        subject: notice.subject ?? null,
        body: notice.body,
        now,
      });
      return row === undefined ? undefined : toOutboxRecord(row);
    },
  };
}
