/**
 * Raw rows of the hot-path statements and their mapping to the records of `Store`.
 * Columns are listed once here so every statement reads a case or an event the same way.
 */
import type { CaseRecord, EventRecord, NoticeRecord, OutboxRecord, TimerRecord } from '../../../runtime/store.js';
import { eventFromText, type EventText } from '../../../runtime/chain-walk.js';

/** The columns of a case, in the order `CaseRow` has them; prefix with an alias when joining. */
export function caseColumns(alias: string): string {
  return [
    'id', 'process_id', 'version', 'parent_id', 'state', 'status', 'snapshot', 'revision', 'next_due_at',
    'actionable_roles', 'search_text', 'created_at', 'updated_at', 'created_by', 'last_hash', 'unit', 'assignee', 'waiting_on',
  ].map((column) => `${alias}.${column}`).join(', ');
}

/** A `cases` row as SQLite returns it. */
export interface CaseRow {
  id: string;
  process_id: string;
  version: number;
  parent_id: string | null;
  state: string;
  status: 'active' | 'done';
  snapshot: string;
  revision: number;
  next_due_at: number | null;
  actionable_roles: string;
  search_text: string;
  created_at: number;
  updated_at: number;
  created_by: string;
  last_hash: string;
  unit: string | null;
  assignee: string | null;
  waiting_on: string | null;
}

/** The columns a commit's check reads of the case row it updates, so its write rewrites only what changed (both stores). */
export type PriorCaseRow = Pick<CaseRow, 'revision' | 'state' | 'status' | 'next_due_at' | 'actionable_roles' | 'unit' | 'assignee' | 'waiting_on'>;

/** Turns a `cases` row into a CaseRecord. */
export function toCaseRecord(row: CaseRow): CaseRecord {
  const record: CaseRecord = {
    id: row.id,
    processId: row.process_id,
    version: row.version,
    state: row.state,
    status: row.status,
    snapshot: JSON.parse(row.snapshot),
    revision: row.revision,
    actionableRoles: JSON.parse(row.actionable_roles),
    searchText: row.search_text,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    lastHash: row.last_hash,
  };
  if (row.parent_id !== null) record.parentId = row.parent_id;
  if (row.next_due_at !== null) record.nextDueAt = row.next_due_at;
  if (row.unit !== null) record.unit = row.unit;
  if (row.assignee !== null) record.assignee = row.assignee;
  if (row.waiting_on !== null) record.waitingOn = JSON.parse(row.waiting_on);
  return record;
}

/** The `cases` row of a record, given its snapshot and roles already as JSON. */
export function toCaseRow(record: Omit<CaseRecord, 'snapshot'>, snapshot: string, roles: string): CaseRow {
  return {
    id: record.id,
    process_id: record.processId,
    version: record.version,
    parent_id: record.parentId ?? null,
    state: record.state,
    status: record.status,
    snapshot,
    revision: record.revision,
    next_due_at: record.nextDueAt ?? null,
    actionable_roles: roles,
    search_text: record.searchText,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    created_by: record.createdBy,
    last_hash: record.lastHash,
    unit: record.unit ?? null,
    assignee: record.assignee ?? null,
    waiting_on: record.waitingOn === undefined ? null : JSON.stringify(record.waitingOn),
  };
}

/** The columns of an event, in the order of `EventTuple`. */
export const EVENT_COLUMNS =
  'case_id, seq, type, actor, actor_roles, at, from_state, to_state, input, timer, prev_hash, hash, assignment, on_behalf_of';

/**
 * An `events` row read in raw mode (an array, in `EVENT_COLUMNS` order): about twice as fast
 * as named columns, which matters when a chain check reads every event.
 */
export type EventTuple = EventText;

/** Turns a raw `events` row into an EventRecord (the chain check parses rows the same way). */
export const toEventRecord: (row: EventTuple) => EventRecord = eventFromText;

/** A `timers` row as SQLite returns it. */
export interface TimerRow {
  case_id: string;
  key: string;
  due_at: number;
  count: number;
}

/** Turns a `timers` row into a TimerRecord. */
export function toTimerRecord(row: TimerRow): TimerRecord {
  return { caseId: row.case_id, key: row.key, dueAt: row.due_at, count: row.count };
}

/** An `outbox` row as SQLite returns it. */
export interface OutboxRow {
  id: number;
  case_id: string;
  event_seq: number;
  channel: string;
  template: string;
  recipients: string;
  subject: string | null;
  body: string;
  status: OutboxRecord['status'];
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
}

/** Turns an `outbox` row into an OutboxRecord. */
export function toOutboxRecord(row: OutboxRow): OutboxRecord {
  const record: OutboxRecord = {
    id: row.id,
    caseId: row.case_id,
    eventSeq: row.event_seq,
    channel: row.channel,
    template: row.template,
    to: JSON.parse(row.recipients),
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
  if (row.subject !== null) record.subject = row.subject;
  if (row.last_error !== null) record.lastError = row.last_error;
  return record;
}

/** A `notices` row as both stores read it. */
export interface NoticeRow {
  id: number;
  user_id: string;
  case_id: string;
  event_seq: number;
  kind: string;
  text: string;
  created_at: number;
  read_at: number | null;
}

/** The notice record of a `notices` row. */
export function toNotice(row: NoticeRow): NoticeRecord {
  const notice: NoticeRecord = {
    id: row.id, userId: row.user_id, caseId: row.case_id, eventSeq: row.event_seq, kind: row.kind, text: row.text, createdAt: row.created_at,
  };
  if (row.read_at !== null) notice.readAt = row.read_at;
  return notice;
}
