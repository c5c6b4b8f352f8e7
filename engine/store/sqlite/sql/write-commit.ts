/**
 * One CaseCommit (and its children) with prepared statements, in two halves for the group
 * commit: `checkCommit` reads and refuses a commit that no longer fits the database
 * (`stale-revision`, `not-found`, `conflict`) before anything is written; `writeCommit` writes.
 * `writeCommit` still maps the same violations, for what the check leaves out (an event seq
 * already taken, two children with one id); the group commit then rolls that commit back alone.
 */
import type { Database, Statement } from 'better-sqlite3';
import { CaseflowError } from '../../../errors.js';
import type { CaseCommit, CaseRecord } from '../../../runtime/store.js';
import { isUniqueViolation } from '../sqlite-errors.js';
import { toCaseRow, type CaseRow } from './rows.js';

/** The prepared statements a commit needs, made once per connection. */
export interface CommitStatements {
  insertCase: Statement;
  updateCase: Statement;
  /** The update when state, status and due time are unchanged: their indexes are left alone. */
  updateCaseBody: Statement;
  caseRevision: Statement<[string], { revision: number }>;
  /** The row's current revision and the columns whose indexes an update may spare. */
  casePrior: Statement<[string], PriorCase>;
  timerCount: Statement<[string, string], { count: number }>;
  keyExists: Statement<[string], { key: string }>;
  /** Removes the role rows that no longer hold (another role, or another due time): unchanged rows are not rewritten. */
  deleteStaleRoles: Statement;
  /** Removes every role row of a case, when who holds it, its unit or its approval changed. */
  deleteRoles: Statement;
  insertRole: Statement;
  insertNotice: Statement;
  insertEvent: Statement;
  deleteFiredTimer: Statement;
  deleteTimer: Statement;
  upsertTimer: Statement;
  insertOutbox: Statement;
  insertIdempotency: Statement;
}

/** What `checkCommit` read of the row a commit updates, so `writeCommit` rewrites only what changed. */
export interface PriorCase {
  revision: number;
  state: string;
  status: string;
  next_due_at: number | null;
  actionable_roles: string;
  unit: string | null;
  assignee: string | null;
  waiting_on: string | null;
}

/** Prepares the statements of `writeCommit` on a connection. */
export function prepareCommitStatements(sqlite: Database): CommitStatements {
  return {
    insertCase: sqlite.prepare(
      `INSERT INTO cases (id, process_id, version, parent_id, state, status, snapshot, revision, next_due_at,
         actionable_roles, search_text, created_at, updated_at, created_by, last_hash, unit, assignee, waiting_on)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateCase: sqlite.prepare(
      `UPDATE cases SET version = ?, state = ?, status = ?, snapshot = ?, revision = ?, next_due_at = ?, actionable_roles = ?,
         search_text = ?, updated_at = ?, last_hash = ?, unit = ?, assignee = ?, waiting_on = ?
       WHERE id = ? AND revision = ?`,
    ),
    updateCaseBody: sqlite.prepare(
      `UPDATE cases SET version = ?, snapshot = ?, revision = ?, actionable_roles = ?, search_text = ?, updated_at = ?, last_hash = ?, waiting_on = ?
       WHERE id = ? AND revision = ?`,
    ),
    caseRevision: sqlite.prepare('SELECT revision FROM cases WHERE id = ?'),
    casePrior: sqlite.prepare('SELECT revision, state, status, next_due_at, actionable_roles, unit, assignee, waiting_on FROM cases WHERE id = ?'),
    timerCount: sqlite.prepare('SELECT count FROM timers WHERE case_id = ? AND key = ?'),
    keyExists: sqlite.prepare('SELECT key FROM idempotency WHERE key = ?'),
    deleteStaleRoles: sqlite.prepare(
      `DELETE FROM case_roles WHERE case_id = ?
         AND (next_due_at IS NOT ? OR role NOT IN (SELECT value FROM json_each(?)))`,
    ),
    deleteRoles: sqlite.prepare('DELETE FROM case_roles WHERE case_id = ?'),
    insertRole: sqlite.prepare(
      'INSERT OR IGNORE INTO case_roles (case_id, role, created_at, next_due_at, unit, queued, waiting) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertNotice: sqlite.prepare('INSERT INTO notices (user_id, case_id, event_seq, kind, text, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    insertEvent: sqlite.prepare(
      `INSERT INTO events (case_id, seq, type, actor, actor_roles, at, from_state, to_state, input, timer, prev_hash, hash,
         assignment, on_behalf_of)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteFiredTimer: sqlite.prepare('DELETE FROM timers WHERE case_id = ? AND key = ? AND count = ?'),
    deleteTimer: sqlite.prepare('DELETE FROM timers WHERE case_id = ? AND key = ?'),
    upsertTimer: sqlite.prepare(
      `INSERT INTO timers (case_id, key, due_at, count) VALUES (?, ?, ?, ?)
       ON CONFLICT (case_id, key) DO UPDATE SET due_at = excluded.due_at, count = excluded.count`,
    ),
    insertOutbox: sqlite.prepare(
      `INSERT INTO outbox (case_id, event_seq, channel, template, recipients, subject, body, status, attempts,
         next_attempt_at, last_error, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertIdempotency: sqlite.prepare('INSERT INTO idempotency (key, request_hash, response, created_at) VALUES (?, ?, ?, ?)'),
  };
}

/**
 * Throws the CaseflowError that refuses this commit, if any; reads only. Returns what it read of
 * the row being updated (undefined for a new case), for `writeCommit`.
 */
export function checkCommit(statements: CommitStatements, change: CaseCommit): PriorCase | undefined {
  const record = change.case;
  if (change.event.caseId !== record.id) {
    throw new CaseflowError('internal', `Event of case ${change.event.caseId} committed with case ${record.id}`);
  }
  const current = statements.casePrior.get(record.id);
  if (change.expectedRevision === 0) {
    if (current) throw new CaseflowError('stale-revision', `Case ${record.id} already exists`);
  } else if (!current) {
    throw new CaseflowError('not-found', `Case ${record.id} does not exist`);
  } else if (current.revision !== change.expectedRevision) {
    throw staleRevision(record.id, change.expectedRevision, current.revision);
  }
  const fired = change.firedTimer;
  if (fired && statements.timerCount.get(record.id, fired.key)?.count !== fired.count) {
    throw new CaseflowError(
      'stale-revision',
      `Timer ${fired.key} (#${fired.count}) of case ${record.id} has already fired or was replaced`,
      { details: { caseId: record.id, timer: fired } },
    );
  }
  if (change.idempotency && statements.keyExists.get(change.idempotency.key)) {
    throw new CaseflowError('conflict', `Idempotency key ${change.idempotency.key} has already been used`);
  }
  for (const child of change.children) checkCommit(statements, child);
  return current;
}

function staleRevision(caseId: string, expectedRevision: number, revision: number): CaseflowError {
  return new CaseflowError('stale-revision', `Case ${caseId} is at revision ${revision}, not ${expectedRevision}`, {
    details: { caseId, expectedRevision, revision },
  });
}

/**
 * Applies every change of one commit, children included; throws without cleaning up. `prior` is
 * what `checkCommit` read in the same transaction: with it, unchanged index columns and role
 * rows are not rewritten. Returns the case rows written (this case, then its children).
 */
export function writeCommit(statements: CommitStatements, change: CaseCommit, prior?: PriorCase, written: CaseRow[] = []): CaseRow[] {
  const record = change.case;
  const isNew = change.expectedRevision === 0;
  const roles = JSON.stringify(record.actionableRoles);
  const known = !isNew && prior !== undefined && prior.revision === change.expectedRevision ? prior : undefined;
  const snapshot = JSON.stringify(record.snapshot);
  if (isNew) insertCase(statements, record, snapshot, roles);
  else updateCase(statements, record, change.expectedRevision, snapshot, roles, known);
  written.push(toCaseRow(record, snapshot, roles));
  const dueAt = record.nextDueAt ?? null;
  const staffChanged = known !== undefined && !sameStaffing(known, record);
  if (known === undefined || staffChanged || known.actionable_roles !== roles || known.next_due_at !== dueAt) {
    writeRoles(statements, record, isNew || staffChanged, roles);
  }
  insertEvent(statements, change);
  for (const notice of change.notices ?? []) {
    statements.insertNotice.run(notice.userId, record.id, change.event.seq, notice.kind, notice.text, notice.createdAt);
  }
  if (change.firedTimer) consumeFiredTimer(statements, record.id, change.firedTimer);
  writeTimers(statements, change);
  for (const message of change.outbox) {
    statements.insertOutbox.run(
      record.id, change.event.seq, message.channel, message.template, JSON.stringify(message.to), message.subject ?? null,
      message.body, message.status, message.attempts, message.nextAttemptAt, message.lastError ?? null, message.createdAt,
    );
  }
  for (const child of change.children) writeCommit(statements, child, undefined, written);
  if (change.idempotency) recordIdempotency(statements, change.idempotency, change.event.at);
  return written;
}

function insertCase(statements: CommitStatements, record: CaseRecord, snapshot: string, roles: string): void {
  try {
    statements.insertCase.run(
      record.id, record.processId, record.version, record.parentId ?? null, record.state, record.status,
      snapshot, record.revision, record.nextDueAt ?? null, roles,
      record.searchText, record.createdAt, record.updatedAt, record.createdBy, record.lastHash,
      record.unit ?? null, record.assignee ?? null, waitingOnColumn(record),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new CaseflowError('stale-revision', `Case ${record.id} already exists`, { cause: error });
    throw error;
  }
}

function updateCase(
  statements: CommitStatements,
  record: CaseRecord,
  expectedRevision: number,
  snapshot: string,
  roles: string,
  prior: PriorCase | undefined,
): void {
  const dueAt = record.nextDueAt ?? null;
  const indexedUnchanged =
    prior !== undefined && prior.state === record.state && prior.status === record.status && prior.next_due_at === dueAt &&
    prior.unit === (record.unit ?? null) && prior.assignee === (record.assignee ?? null);
  const result = indexedUnchanged
    ? statements.updateCaseBody.run(
      record.version, snapshot, record.revision, roles, record.searchText, record.updatedAt, record.lastHash, waitingOnColumn(record), record.id, expectedRevision,
    )
    : statements.updateCase.run(
      record.version, record.state, record.status, snapshot, record.revision, dueAt,
      roles, record.searchText, record.updatedAt, record.lastHash, record.unit ?? null, record.assignee ?? null, waitingOnColumn(record),
      record.id, expectedRevision,
    );
  if (result.changes === 1) return;
  const current = statements.caseRevision.get(record.id);
  if (!current) throw new CaseflowError('not-found', `Case ${record.id} does not exist`);
  throw staleRevision(record.id, expectedRevision, current.revision);
}

function waitingOnColumn(record: CaseRecord): string | null {
  return record.waitingOn === undefined || record.waitingOn.length === 0 ? null : JSON.stringify(record.waitingOn);
}

/** Whether the row's unit, holder and approval are as the record has them (its role rows then still fit). */
function sameStaffing(prior: PriorCase, record: CaseRecord): boolean {
  // A held case waits in no queue, so its state changes nothing of its role rows' flags.
  return (prior.state === record.state || record.assignee !== undefined) && prior.unit === (record.unit ?? null) &&
    prior.assignee === (record.assignee ?? null) && prior.waiting_on === waitingOnColumn(record);
}

/**
 * The role rows of a case: one per role that can act or decide, with its unit and whether the
 * case waits in that role's queue (nobody holds it) or on that role's decision. `fresh` rows
 * replace all the case had; otherwise only rows that no longer hold are removed.
 */
function writeRoles(statements: CommitStatements, record: CaseRecord, fresh: boolean, roles: string): void {
  const dueAt = record.nextDueAt ?? null;
  if (fresh) statements.deleteRoles.run(record.id);
  else statements.deleteStaleRoles.run(record.id, dueAt, roles);
  const unit = record.unit ?? null;
  const open = record.assignee === undefined && record.status === 'active';
  const queue = record.queueRoles;
  const waiting = new Set(record.waitingOn ?? []);
  for (const role of record.actionableRoles) {
    const queued = open && (queue === undefined || queue.includes(role)) ? 1 : 0;
    statements.insertRole.run(record.id, role, record.createdAt, dueAt, unit, queued, waiting.has(role) ? 1 : 0);
  }
}

function insertEvent(statements: CommitStatements, change: CaseCommit): void {
  const { event, eventJson } = change;
  try {
    statements.insertEvent.run(
      event.caseId, event.seq, event.type, event.actor, JSON.stringify(event.actorRoles), event.at, event.from, event.to,
      eventJson.input, eventJson.timer,
      event.prevHash, event.hash,
      eventJson.assignment, event.onBehalfOf ?? null,
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new CaseflowError('stale-revision', `Case ${event.caseId} already has event ${event.seq}`, { cause: error });
    }
    throw error;
  }
}

function consumeFiredTimer(statements: CommitStatements, caseId: string, fired: { key: string; count: number }): void {
  const result = statements.deleteFiredTimer.run(caseId, fired.key, fired.count);
  if (result.changes === 0) {
    throw new CaseflowError(
      'stale-revision',
      `Timer ${fired.key} (#${fired.count}) of case ${caseId} has already fired or was replaced`,
      { details: { caseId, timer: fired } },
    );
  }
}

function writeTimers(statements: CommitStatements, change: CaseCommit): void {
  const caseId = change.case.id;
  for (const effect of change.timers) {
    if (effect.kind === 'timer.cancel') statements.deleteTimer.run(caseId, effect.key);
    else if (effect.kind === 'timer.schedule') statements.upsertTimer.run(caseId, effect.key, effect.dueAt, effect.count);
  }
}

function recordIdempotency(
  statements: CommitStatements,
  idempotency: NonNullable<CaseCommit['idempotency']>,
  at: number,
): void {
  try {
    statements.insertIdempotency.run(idempotency.key, idempotency.requestHash, JSON.stringify(idempotency.response ?? null), at);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new CaseflowError('conflict', `Idempotency key ${idempotency.key} has already been used`, { cause: error });
    }
    throw error;
  }
}
