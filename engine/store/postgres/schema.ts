/**
 * The drizzle schema of the PostgreSQL case store, mirroring `engine/store/sqlite/schema.ts` table for
 * table and index for index. drizzle-kit reads every `engine/store/postgres/schema*.ts` (see
 * `drizzle.postgres.config.ts`). JSON columns are text (see `columns.ts`).
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import type { CaseSnapshot } from '../../compile/types.js';
import { epochMs, jsonText, text } from './columns.js';

/** Published versions of each process, with the YAML source and its template files. */
export const processVersions = pgTable(
  'process_versions',
  {
    processId: text('process_id').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    yaml: text('yaml').notNull(),
    files: jsonText<Record<string, string>>('files').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: epochMs('published_at').notNull(),
    message: text('message'),
    /** Version of each shared calendar the process names, fixed when it was published. */
    calendars: jsonText<Record<string, number>>('calendars'),
    /** The second process owner who approved it, when the process requires approval. */
    approvedBy: text('approved_by'),
  },
  (t) => [primaryKey({ columns: [t.processId, t.version] })],
);

/** Published versions of the shared business calendars, numbered from 1 per calendar. */
export const calendarVersions = pgTable(
  'calendar_versions',
  {
    calendarId: text('calendar_id').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    yaml: text('yaml').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: epochMs('published_at').notNull(),
    message: text('message'),
  },
  (t) => [primaryKey({ columns: [t.calendarId, t.version] })],
);

/** One row a case; the inbox orders by (created_at, id), overdue lists by next_due_at. */
export const cases = pgTable(
  'cases',
  {
    id: text('id').primaryKey(),
    processId: text('process_id').notNull(),
    version: integer('version').notNull(),
    parentId: text('parent_id'),
    state: text('state').notNull(),
    status: text('status').notNull(),
    snapshot: jsonText<CaseSnapshot>('snapshot').notNull(),
    revision: integer('revision').notNull(),
    nextDueAt: epochMs('next_due_at'),
    actionableRoles: jsonText<string[]>('actionable_roles').notNull(),
    searchText: text('search_text').notNull(),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
    createdBy: text('created_by').notNull(),
    lastHash: text('last_hash').notNull(),
    unit: text('unit'),
    assignee: text('assignee'),
    waitingOn: jsonText<string[]>('waiting_on'),
  },
  (t) => [
    index('cases_assignee_idx').on(t.assignee, t.createdAt, t.id).where(sql`${t.assignee} is not null`),
    index('cases_assignee_due_idx').on(t.assignee, t.status, t.nextDueAt, t.id).where(sql`${t.assignee} is not null`),
    index('cases_unit_idx').on(t.unit, t.createdAt, t.id),
    index('cases_created_idx').on(t.createdAt, t.id),
    index('cases_status_idx').on(t.status, t.createdAt, t.id),
    index('cases_state_idx').on(t.state, t.createdAt, t.id),
    index('cases_process_idx').on(t.processId, t.createdAt, t.id),
    index('cases_process_state_idx').on(t.processId, t.state, t.createdAt, t.id),
    index('cases_parent_idx').on(t.parentId, t.createdAt, t.id).where(sql`${t.parentId} is not null`),
    index('cases_due_idx').on(t.status, t.nextDueAt, t.id).where(sql`${t.nextDueAt} is not null`),
  ],
);

/** The role filter's index: one row per (case, actionable role), with the sort keys. */
export const caseRoles = pgTable(
  'case_roles',
  {
    caseId: text('case_id').notNull(),
    role: text('role').notNull(),
    createdAt: epochMs('created_at').notNull(),
    nextDueAt: epochMs('next_due_at'),
    unit: text('unit'),
    queued: integer('queued').notNull().default(0),
    waiting: integer('waiting').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.role] }),
    index('case_roles_queue_idx').on(t.role, t.unit, t.createdAt, t.caseId).where(sql`${t.queued} = 1`),
    index('case_roles_queue_all_idx').on(t.role, t.createdAt, t.caseId).where(sql`${t.queued} = 1`),
    index('case_roles_waiting_idx').on(t.role, t.unit, t.createdAt, t.caseId).where(sql`${t.waiting} = 1`),
    index('case_roles_waiting_all_idx').on(t.role, t.createdAt, t.caseId).where(sql`${t.waiting} = 1`),
    index('case_roles_created_idx').on(t.role, t.createdAt, t.caseId),
    index('case_roles_due_idx').on(t.role, t.nextDueAt, t.caseId).where(sql`${t.nextDueAt} is not null`),
  ],
);

/**
 * The audited, hash-chained events of every case. `row_id` counts rows in insertion order,
 * as SQLite's rowid does, for the audit checkpoints' "events since" mark.
 */
export const events = pgTable(
  'events',
  {
    rowId: bigint('row_id', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    actorRoles: text('actor_roles').notNull(),
    at: epochMs('at').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    input: text('input'),
    timer: text('timer'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    assignment: text('assignment'),
    onBehalfOf: text('on_behalf_of'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq] }), index('events_row_idx').on(t.rowId)],
);

/** Pending timers, at most one per (case, key), each leased to the server that fires it. */
export const timers = pgTable(
  'timers',
  {
    caseId: text('case_id').notNull(),
    key: text('key').notNull(),
    dueAt: epochMs('due_at').notNull(),
    count: integer('count').notNull(),
    /** The server firing it now (see `nodes`), until `lease_until` (database time); null: free. */
    leaseNode: text('lease_node'),
    leaseUntil: epochMs('lease_until'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.key] }), index('timers_due_idx').on(t.dueAt, t.caseId, t.key)],
);

/** Messages waiting for (or done with) delivery; failures stay on the row. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    caseId: text('case_id').notNull(),
    eventSeq: integer('event_seq').notNull(),
    channel: text('channel').notNull(),
    template: text('template').notNull(),
    recipients: jsonText<string[]>('recipients').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: epochMs('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: epochMs('created_at').notNull(),
    /** The server sending it now (see `nodes`), until `lease_until` (database time); null: free. */
    leaseNode: text('lease_node'),
    leaseUntil: epochMs('lease_until'),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_case_idx').on(t.caseId)],
);

/** Answers already given for an idempotency key. */
export const idempotency = pgTable('idempotency', {
  key: text('key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  response: jsonText<unknown>('response').notNull(),
  createdAt: epochMs('created_at').notNull(),
});

/** Tally marks: each new case of a process with tallies, under the key of its matched values, with its arrival rank. */
export const tallyMarks = pgTable(
  'tally_marks',
  {
    processId: text('process_id').notNull(),
    tally: text('tally').notNull(),
    matchKey: text('match_key').notNull(),
    createdAt: epochMs('created_at').notNull(),
    caseId: text('case_id').notNull(),
    /** Arrival rank among the marks of its key (1, 2, …): a window's count is the difference of two ranks. */
    ordinal: integer('ordinal').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.processId, t.tally, t.matchKey, t.createdAt, t.caseId] }),
    index('tally_marks_ordinal_idx').on(t.processId, t.tally, t.matchKey, t.ordinal),
  ],
);

/** In-app notifications, one row per person. */
export const notices = pgTable(
  'notices',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id').notNull(),
    caseId: text('case_id').notNull(),
    eventSeq: integer('event_seq').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    createdAt: epochMs('created_at').notNull(),
    readAt: epochMs('read_at'),
  },
  (t) => [index('notices_user_idx').on(t.userId, t.id), index('notices_unread_idx').on(t.userId, t.id).where(sql`${t.readAt} is null`)],
);

/** Saved inbox filters, kept per user and optionally shared with a unit or a role. */
export const savedFilters = pgTable(
  'saved_filters',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    query: jsonText<Record<string, string>>('query').notNull(),
    sharedUnit: text('shared_unit'),
    sharedRole: text('shared_role'),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [index('saved_filters_owner_idx').on(t.ownerId)],
);
