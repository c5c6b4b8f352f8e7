/**
 * Builders of store records for the store suite: a case's opening commit and the commits that
 * move it on, with plausible events, so each test states only what it is about.
 */
import type { Effect } from '../../engine/compile/types.js';
import { canonicalJson } from '../../engine/runtime/hash-chain.js';
import type { CaseCommit, CaseRecord, EventJson, EventRecord, OutboxRecord } from '../../engine/runtime/store.js';

/** An outbox message as a commit carries it. */
export type OutgoingMessage = CaseCommit['outbox'][number];

/** What a test may set on a case row. */
export type CaseFields = Partial<Omit<CaseRecord, 'id' | 'revision' | 'lastHash'>>;

/** Extra contents of a commit. */
export interface CommitExtras {
  timers?: Effect[];
  firedTimer?: { key: string; count: number };
  outbox?: OutgoingMessage[];
  children?: CaseCommit[];
  idempotency?: CaseCommit['idempotency'];
  eventType?: string;
  input?: Record<string, unknown> | null;
}

/** A pending e-mail to `to`, due at `at`. */
export function message(at: number, overrides: Partial<OutboxRecord> = {}): OutgoingMessage {
  return {
    channel: overrides.channel ?? 'email',
    template: overrides.template ?? 'reply-overdue',
    to: overrides.to ?? ['agent@example.com'],
    subject: overrides.subject,
    body: overrides.body ?? 'Case waits for a reply',
    status: overrides.status ?? 'pending',
    attempts: overrides.attempts ?? 0,
    nextAttemptAt: overrides.nextAttemptAt ?? at,
    createdAt: overrides.createdAt ?? at,
  };
}

function eventFor(record: CaseRecord, from: string | null, prevHash: string, extras: CommitExtras): EventRecord {
  const event: EventRecord = {
    caseId: record.id,
    seq: record.revision,
    type: extras.eventType ?? (from === null ? '$start' : 'advance'),
    actor: extras.firedTimer ? 'system' : 'agent-7',
    actorRoles: extras.firedTimer ? ['system'] : ['agent'],
    at: record.updatedAt,
    from,
    to: record.state,
    input: extras.input === undefined ? null : extras.input,
    prevHash,
    hash: `${record.id}#${record.revision}`,
  };
  if (extras.firedTimer) event.timer = extras.firedTimer;
  return event;
}

/** The canonical JSON of an event's members, as the runtime hands it to the store. */
export function eventJson(event: EventRecord): EventJson {
  return {
    input: event.input === null ? null : canonicalJson(event.input),
    timer: event.timer === undefined ? null : canonicalJson(event.timer),
    assignment: event.assignment === undefined ? null : canonicalJson(event.assignment),
  };
}

function commitOf(record: CaseRecord, expectedRevision: number, from: string | null, prevHash: string, extras: CommitExtras): CaseCommit {
  const event = eventFor(record, from, prevHash, extras);
  const change: CaseCommit = {
    case: record,
    expectedRevision,
    event,
    eventJson: eventJson(event),
    timers: extras.timers ?? [],
    outbox: extras.outbox ?? [],
    children: extras.children ?? [],
  };
  if (extras.firedTimer) change.firedTimer = extras.firedTimer;
  if (extras.idempotency) change.idempotency = extras.idempotency;
  return change;
}

/** The commit that opens case `id` (revision 1, event 1). */
export function openCase(id: string, fields: CaseFields = {}, extras: CommitExtras = {}): CaseCommit {
  const createdAt = fields.createdAt ?? 1_700_000_000_000;
  const state = fields.state ?? 'new';
  const status = fields.status ?? 'active';
  const record: CaseRecord = {
    id,
    processId: fields.processId ?? 'complaint-handling',
    version: fields.version ?? 1,
    state,
    status,
    snapshot: fields.snapshot ?? { value: state, data: { customer: id }, clocks: {}, status },
    revision: 1,
    actionableRoles: fields.actionableRoles ?? ['agent'],
    searchText: fields.searchText ?? `customer ${id}`,
    createdAt,
    updatedAt: fields.updatedAt ?? createdAt,
    createdBy: fields.createdBy ?? 'agent-7',
    lastHash: `${id}#1`,
  };
  if (fields.parentId !== undefined) record.parentId = fields.parentId;
  if (fields.nextDueAt !== undefined) record.nextDueAt = fields.nextDueAt;
  return commitOf(record, 0, null, '', extras);
}

/** The commit that moves `current` to its next revision with the given changes. */
export function advanceCase(current: CaseRecord, fields: CaseFields = {}, extras: CommitExtras = {}): CaseCommit {
  const state = fields.state ?? current.state;
  const status = fields.status ?? current.status;
  const record: CaseRecord = {
    ...current,
    ...fields,
    state,
    status,
    snapshot: fields.snapshot ?? { ...current.snapshot, value: state, status },
    revision: current.revision + 1,
    updatedAt: fields.updatedAt ?? current.updatedAt + 1000,
    lastHash: `${current.id}#${current.revision + 1}`,
  };
  if ('nextDueAt' in fields && fields.nextDueAt === undefined) delete record.nextDueAt;
  return commitOf(record, current.revision, current.state, current.lastHash, extras);
}

/** A timer.schedule effect. */
export function schedule(key: string, dueAt: number, count = 1): Effect {
  return { kind: 'timer.schedule', key, dueAt, count };
}

/** A timer.cancel effect. */
export function cancel(key: string): Effect {
  return { kind: 'timer.cancel', key };
}
