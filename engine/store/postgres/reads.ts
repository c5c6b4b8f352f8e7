/**
 * The PostgreSQL store's reads and small writes besides commits, with the SQLite store's
 * orders and limits: the event log, timers, the outbox, process versions, workload and notices.
 * Rows are mapped by the same functions as SQLite's (`engine/store/sqlite/sql/rows.ts`).
 */
import type pg from 'pg';
import { CaseflowError } from '../../errors.js';
import type { CalendarVersionRecord, EventRecord, NoticeRecord, OutboxRecord, ProcessVersionRecord, TimerRecord, WorkloadRow } from '../../runtime/store.js';
import { EVENT_COLUMNS, toEventRecord, toNotice, toOutboxRecord, toTimerRecord, type EventTuple, type NoticeRow, type OutboxRow, type TimerRow } from '../sqlite/sql/rows.js';

type Client = pg.Pool | pg.PoolClient;

/** Events of one case in seq order. */
export async function caseEvents(pool: Client, caseId: string): Promise<EventRecord[]> {
  const result = await pool.query<EventTuple>({
    text: `SELECT ${EVENT_COLUMNS} FROM events WHERE case_id = $1 ORDER BY seq`, values: [caseId], rowMode: 'array',
  });
  return result.rows.map(toEventRecord);
}

/** Events of all cases in (case_id, seq) order after `after`, a page at a time. */
export async function scanEvents(pool: Client, after: { caseId: string; seq: number } | undefined, limit: number): Promise<EventRecord[]> {
  const result = after === undefined
    ? await pool.query<EventTuple>({ text: `SELECT ${EVENT_COLUMNS} FROM events ORDER BY case_id, seq LIMIT $1`, values: [limit], rowMode: 'array' })
    : await pool.query<EventTuple>({
      text: `SELECT ${EVENT_COLUMNS} FROM events WHERE (case_id, seq) > ($1, $2) ORDER BY case_id, seq LIMIT $3`,
      values: [after.caseId, after.seq, limit],
      rowMode: 'array',
    });
  return result.rows.map(toEventRecord);
}

const TIMER_COLUMNS = 'case_id, key, due_at, count';

/** Timers due at or before `now`, earliest first. */
export async function dueTimers(pool: Client, now: number, limit: number): Promise<TimerRecord[]> {
  const result = await pool.query<TimerRow>(`SELECT ${TIMER_COLUMNS} FROM timers WHERE due_at <= $1 ORDER BY due_at, case_id, key LIMIT $2`, [now, limit]);
  return result.rows.map(toTimerRecord);
}

/** Pending timers of one case, earliest first. */
export async function pendingTimers(pool: Client, caseId: string): Promise<TimerRecord[]> {
  const result = await pool.query<TimerRow>(`SELECT ${TIMER_COLUMNS} FROM timers WHERE case_id = $1 ORDER BY due_at, key`, [caseId]);
  return result.rows.map(toTimerRecord);
}

/** The earliest pending due time. */
export async function nextTimerDue(pool: Client): Promise<number | undefined> {
  const result = await pool.query<{ due: number | null }>('SELECT min(due_at) AS due FROM timers');
  return result.rows[0]?.due ?? undefined;
}

/** Outbox rows ready to send at `now` ('failed' ones are retried; 'dead' ones never). */
export async function dueOutbox(pool: Client, now: number, limit: number): Promise<OutboxRecord[]> {
  const result = await pool.query<OutboxRow>(
    `SELECT * FROM outbox WHERE status IN ('pending', 'failed') AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2`,
    [now, limit],
  );
  return result.rows.map(toOutboxRecord);
}

/** Outbox rows by status and case, in id order. */
export async function listOutbox(pool: Client, filter: { status?: OutboxRecord['status']; caseId?: string; limit: number }): Promise<OutboxRecord[]> {
  const where: string[] = [];
  const values: Array<string | number> = [];
  if (filter.status !== undefined) {
    values.push(filter.status);
    where.push(`status = $${values.length}`);
  }
  if (filter.caseId !== undefined) {
    values.push(filter.caseId);
    where.push(`case_id = $${values.length}`);
  }
  values.push(filter.limit);
  const result = await pool.query<OutboxRow>(
    `SELECT * FROM outbox ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY id LIMIT $${values.length}`,
    values,
  );
  return result.rows.map(toOutboxRecord);
}

/** Fields of an outbox row the delivery worker may change. */
export type OutboxChange = Partial<Pick<OutboxRecord, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError'>>;

/** Refuses with `not-found` an id that names no outbox message. */
export async function outboxMustExist(client: Client, id: number): Promise<void> {
  const result = await client.query('SELECT id FROM outbox WHERE id = $1', [id]);
  if (result.rowCount === 0) throw new CaseflowError('not-found', `Outbox message ${id} does not exist`);
}

/**
 * Records a delivery attempt on an outbox row (checked with `outboxMustExist` first). A failure
 * or a new attempt time is recorded only while no server other than `holder` holds the row: the
 * attempt that server makes is the one that counts. A message sent is recorded whoever holds it,
 * so that a server that took it over after a lapsed lease does not send it again.
 */
export async function updateOutbox(client: Client, id: number, change: OutboxChange, holder: string): Promise<void> {
  const sets: string[] = [];
  const values: Array<string | number | null> = [];
  const set = (column: string, value: string | number | null) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (change.status !== undefined) set('status', change.status);
  if (change.attempts !== undefined) set('attempts', change.attempts);
  if (change.nextAttemptAt !== undefined) set('next_attempt_at', change.nextAttemptAt);
  if ('lastError' in change) set('last_error', change.lastError ?? null);
  values.push(id);
  let where = `id = $${values.length}`;
  if (change.status !== 'sent') {
    values.push(holder);
    where += ` AND (lease_node IS NULL OR lease_node = $${values.length})`;
  }
  // An attempt recorded ends the sender's lease: a retry is claimed afresh, by any server.
  sets.push('lease_node = NULL', 'lease_until = NULL');
  await client.query(`UPDATE outbox SET ${sets.join(', ')} WHERE ${where}`, values);
}

interface VersionRow {
  process_id: string;
  version: number;
  name: string;
  yaml: string;
  files: string;
  published_by: string;
  published_at: number;
  message: string | null;
  calendars: string | null;
  approved_by: string | null;
}

const VERSION_COLUMNS = 'process_id, version, name, yaml, files, published_by, published_at, message, calendars, approved_by';

function toVersion(row: VersionRow): ProcessVersionRecord {
  const record: ProcessVersionRecord = {
    processId: row.process_id, version: row.version, name: row.name, yaml: row.yaml, files: JSON.parse(row.files),
    publishedBy: row.published_by, publishedAt: row.published_at,
  };
  if (row.message !== null) record.message = row.message;
  if (row.calendars !== null) record.calendars = JSON.parse(row.calendars);
  if (row.approved_by !== null) record.approvedBy = row.approved_by;
  return record;
}

/** Publishes the next version of a process (on the batch's connection, so reading the highest and inserting are atomic). */
export async function publishVersion(client: Client, record: Omit<ProcessVersionRecord, 'version'>): Promise<ProcessVersionRecord> {
  const result = await client.query<VersionRow>(
    `INSERT INTO process_versions (${VERSION_COLUMNS})
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM process_versions WHERE process_id = $1
     RETURNING ${VERSION_COLUMNS}`,
    [record.processId, record.name, record.yaml, JSON.stringify(record.files), record.publishedBy, record.publishedAt, record.message ?? null,
      record.calendars === undefined ? null : JSON.stringify(record.calendars), record.approvedBy ?? null],
  );
  return toVersion(result.rows[0]);
}

interface CalendarRow {
  calendar_id: string;
  version: number;
  name: string;
  yaml: string;
  published_by: string;
  published_at: number;
  message: string | null;
}

const CALENDAR_COLUMNS = 'calendar_id, version, name, yaml, published_by, published_at, message';

function toCalendar(row: CalendarRow): CalendarVersionRecord {
  const record: CalendarVersionRecord = {
    calendarId: row.calendar_id, version: row.version, name: row.name, yaml: row.yaml, publishedBy: row.published_by, publishedAt: row.published_at,
  };
  if (row.message !== null) record.message = row.message;
  return record;
}

/** Publishes the next version of a shared calendar (on the batch's connection, like a process version). */
export async function publishCalendar(client: Client, record: Omit<CalendarVersionRecord, 'version'>): Promise<CalendarVersionRecord> {
  const result = await client.query<CalendarRow>(
    `INSERT INTO calendar_versions (${CALENDAR_COLUMNS})
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM calendar_versions WHERE calendar_id = $1
     RETURNING ${CALENDAR_COLUMNS}`,
    [record.calendarId, record.name, record.yaml, record.publishedBy, record.publishedAt, record.message ?? null],
  );
  return toCalendar(result.rows[0]);
}

/** The latest version of each shared calendar, by calendar id. */
export async function latestCalendars(pool: Client): Promise<CalendarVersionRecord[]> {
  const result = await pool.query<CalendarRow>(`SELECT DISTINCT ON (calendar_id) ${CALENDAR_COLUMNS} FROM calendar_versions ORDER BY calendar_id, version DESC`);
  return result.rows.map(toCalendar);
}

/** One version of a shared calendar, or its latest. */
export async function getCalendar(pool: Client, calendarId: string, version?: number): Promise<CalendarVersionRecord | undefined> {
  const result = version === undefined
    ? await pool.query<CalendarRow>(`SELECT ${CALENDAR_COLUMNS} FROM calendar_versions WHERE calendar_id = $1 ORDER BY version DESC LIMIT 1`, [calendarId])
    : await pool.query<CalendarRow>(`SELECT ${CALENDAR_COLUMNS} FROM calendar_versions WHERE calendar_id = $1 AND version = $2`, [calendarId, version]);
  return result.rows.length === 0 ? undefined : toCalendar(result.rows[0]);
}

/** The latest version of each process, by process id. */
export async function latestVersions(pool: Client): Promise<ProcessVersionRecord[]> {
  const result = await pool.query<VersionRow>(
    `SELECT DISTINCT ON (process_id) ${VERSION_COLUMNS} FROM process_versions ORDER BY process_id, version DESC`,
  );
  return result.rows.map(toVersion);
}

/** One version of a process, or its latest. */
export async function getVersion(pool: Client, processId: string, version?: number): Promise<ProcessVersionRecord | undefined> {
  const result = version === undefined
    ? await pool.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM process_versions WHERE process_id = $1 ORDER BY version DESC LIMIT 1`, [processId])
    : await pool.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM process_versions WHERE process_id = $1 AND version = $2`, [processId, version]);
  return result.rows.length === 0 ? undefined : toVersion(result.rows[0]);
}

/** Every version of a process, oldest first. */
export async function listVersions(pool: Client, processId: string): Promise<ProcessVersionRecord[]> {
  const result = await pool.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM process_versions WHERE process_id = $1 ORDER BY version`, [processId]);
  return result.rows.map(toVersion);
}

/** Per person holding active cases (of `units`, when given): open, overdue at `now`, due before `dayEnd`. */
export async function workload(pool: Client, args: { units?: string[]; now: number; dayEnd: number }): Promise<WorkloadRow[]> {
  if (args.units !== undefined && args.units.length === 0) return [];
  const result = await pool.query<{ assignee: string; open: number; overdue: number; due_today: number }>(
    `SELECT assignee, count(*) AS open,
       count(*) FILTER (WHERE next_due_at < $1) AS overdue,
       count(*) FILTER (WHERE next_due_at >= $1 AND next_due_at < $2) AS due_today
     FROM cases
     WHERE assignee IS NOT NULL AND status = 'active' AND ($3::text[] IS NULL OR unit = ANY ($3::text[]))
     GROUP BY assignee ORDER BY assignee`,
    [args.now, args.dayEnd, args.units ?? null],
  );
  return result.rows.map((row) => ({ assignee: row.assignee, open: row.open, overdue: row.overdue, dueToday: row.due_today }));
}

/** Active cases held by each of these users. */
export async function openCaseCounts(pool: Client, userIds: string[]): Promise<Map<string, number>> {
  const result = await pool.query<{ assignee: string; n: number }>(
    "SELECT assignee, count(*) AS n FROM cases WHERE assignee = ANY ($1::text[]) AND status = 'active' GROUP BY assignee",
    [userIds],
  );
  const counts = new Map(result.rows.map((row) => [row.assignee, row.n]));
  return new Map(userIds.map((id) => [id, counts.get(id) ?? 0]));
}

/** A user's notifications, newest first. */
export async function listNotices(pool: Client, userId: string, options: { unreadOnly?: boolean; limit: number }): Promise<NoticeRecord[]> {
  const unread = options.unreadOnly ? ' AND read_at IS NULL' : '';
  const result = await pool.query<NoticeRow>(`SELECT * FROM notices WHERE user_id = $1${unread} ORDER BY id DESC LIMIT $2`, [userId, options.limit]);
  return result.rows.map(toNotice);
}

/** How many notifications of a user are unread. */
export async function countUnreadNotices(pool: Client, userId: string): Promise<number> {
  const result = await pool.query<{ n: number }>('SELECT count(*) AS n FROM notices WHERE user_id = $1 AND read_at IS NULL', [userId]);
  return result.rows[0]?.n ?? 0;
}

/** Marks notifications of a user read (all when `ids` is absent); returns how many changed. */
export async function markNoticesRead(client: Client, userId: string, at: number, ids?: number[]): Promise<number> {
  const result = ids === undefined
    ? await client.query('UPDATE notices SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL', [at, userId])
    : await client.query('UPDATE notices SET read_at = $1 WHERE user_id = $2 AND id = ANY ($3::bigint[]) AND read_at IS NULL', [at, userId, ids]);
  return result.rowCount ?? 0;
}
