/**
 * The drizzle schema of the case store. drizzle-kit reads every `engine/store/schema*.ts`
 * (see `drizzle.config.ts`), so other tables (accounts) live in their own `schema-<area>.ts`.
 * Times are epoch milliseconds; JSON columns hold the records' nested values.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { CaseSnapshot } from '../../compile/types.js';

/** Published versions of each process, with the YAML source and its template files. */
export const processVersions = sqliteTable(
  'process_versions',
  {
    processId: text('process_id').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    yaml: text('yaml').notNull(),
    files: text('files', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: integer('published_at').notNull(),
    message: text('message'),
    /** Version of each shared calendar the process names, fixed when it is published: { "cn-mainland": 2 }. */
    calendars: text('calendars', { mode: 'json' }).$type<Record<string, number>>(),
    /** The second process owner who approved it, when the process requires approval. */
    approvedBy: text('approved_by'),
  },
  (t) => [primaryKey({ columns: [t.processId, t.version] })],
);

/**
 * One row a case. The inbox orders by (created_at, id), a key that never changes, so cursor
 * pages stay stable while cases move; overdue lists order by next_due_at.
 */
export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    processId: text('process_id').notNull(),
    version: integer('version').notNull(),
    parentId: text('parent_id'),
    state: text('state').notNull(),
    status: text('status', { enum: ['active', 'done'] }).notNull(),
    snapshot: text('snapshot', { mode: 'json' }).$type<CaseSnapshot>().notNull(),
    revision: integer('revision').notNull(),
    nextDueAt: integer('next_due_at'),
    /** The record's copy; the role filter uses `case_roles`. */
    actionableRoles: text('actionable_roles', { mode: 'json' }).$type<string[]>().notNull(),
    searchText: text('search_text').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    createdBy: text('created_by').notNull(),
    lastHash: text('last_hash').notNull(),
    /** The unit (业务单元) the case belongs to; null when its process declares none. */
    unit: text('unit'),
    /** User id of the person holding the case; null when nobody does. */
    assignee: text('assignee'),
    /** Roles whose decision the case waits on (JSON list), null when none. */
    waitingOn: text('waiting_on', { mode: 'json' }).$type<string[]>(),
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

/**
 * The role filter's index: one row per (case, actionable role), rewritten by every commit of
 * the case. It carries the sort keys so "any of these roles" is one ordered index range per role.
 */
export const caseRoles = sqliteTable(
  'case_roles',
  {
    caseId: text('case_id').notNull(),
    role: text('role').notNull(),
    createdAt: integer('created_at').notNull(),
    nextDueAt: integer('next_due_at'),
    /** The case's unit, so a queue of one unit is one index range. */
    unit: text('unit'),
    /** 1 while nobody holds the case: it waits in this role's queue. */
    queued: integer('queued').notNull().default(0),
    /** 1 while the case waits on this role's decision (an approval). */
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

/** The audited, hash-chained events of every case. */
export const events = sqliteTable(
  'events',
  {
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    actorRoles: text('actor_roles', { mode: 'json' }).$type<string[]>().notNull(),
    at: integer('at').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    input: text('input', { mode: 'json' }).$type<Record<string, unknown>>(),
    timer: text('timer', { mode: 'json' }).$type<{ key: string; count: number }>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** The change of assignee this event made: `{from, to, reason}`. */
    assignment: text('assignment', { mode: 'json' }).$type<{ from: string | null; to: string | null; reason: string }>(),
    /** The absent assignee a delegate acted for. */
    onBehalfOf: text('on_behalf_of'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq] })],
);

/** Pending timers, at most one per (case, key). */
export const timers = sqliteTable(
  'timers',
  {
    caseId: text('case_id').notNull(),
    key: text('key').notNull(),
    dueAt: integer('due_at').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.key] }), index('timers_due_idx').on(t.dueAt, t.caseId, t.key)],
);

/** Messages waiting for (or done with) delivery; failures stay on the row. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: text('case_id').notNull(),
    eventSeq: integer('event_seq').notNull(),
    channel: text('channel').notNull(),
    template: text('template').notNull(),
    recipients: text('recipients', { mode: 'json' }).$type<string[]>().notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'dead'] }).notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_case_idx').on(t.caseId)],
);

/** Answers already given for an idempotency key. */
export const idempotency = sqliteTable('idempotency', {
  key: text('key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  response: text('response', { mode: 'json' }).$type<unknown>().notNull(),
  createdAt: integer('created_at').notNull(),
});

/**
 * Tally marks: each new case of a process with tallies, under the key of its matched values, with
 * its arrival rank, so that counting "cases like this one opened this month" reads two index
 * entries, not the cases.
 */
export const tallyMarks = sqliteTable(
  'tally_marks',
  {
    processId: text('process_id').notNull(),
    tally: text('tally').notNull(),
    matchKey: text('match_key').notNull(),
    createdAt: integer('created_at').notNull(),
    caseId: text('case_id').notNull(),
    /** Arrival rank among the marks of its key (1, 2, …): a window's count is the difference of two ranks. */
    ordinal: integer('ordinal').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.processId, t.tally, t.matchKey, t.createdAt, t.caseId] }),
    index('tally_marks_ordinal_idx').on(t.processId, t.tally, t.matchKey, t.ordinal),
  ],
);

/** In-app notifications, one row per person: "assigned to you", warnings, approvals waiting. */
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    caseId: text('case_id').notNull(),
    eventSeq: integer('event_seq').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    createdAt: integer('created_at').notNull(),
    readAt: integer('read_at'),
  },
  (t) => [index('notices_user_idx').on(t.userId, t.id), index('notices_unread_idx').on(t.userId, t.id).where(sql`${t.readAt} is null`)],
);

/** Saved inbox filters, kept per user and optionally shared with a unit or a role. */
export const savedFilters = sqliteTable(
  'saved_filters',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    query: text('query', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    sharedUnit: text('shared_unit'),
    sharedRole: text('shared_role'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('saved_filters_owner_idx').on(t.ownerId)],
);
