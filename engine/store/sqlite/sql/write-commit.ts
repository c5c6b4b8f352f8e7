/**
 * One CaseCommit (and its children) with prepared statements, in two halves for the group
 * commit, after `encodeCommit` turned it into plain rows and JSON texts (what the writer thread
 * is sent, and what the case cache keeps): `checkCommit` reads and refuses a commit that no longer fits the database
 * (`stale-revision`, `not-found`, `conflict`) before anything is written; `writeCommit` writes.
 * `writeCommit` still maps the same violations, for what the check leaves out (an event seq
 * already taken, two children with one id); the group commit then rolls that commit back alone.
 */
import type { Database, Statement } from 'better-sqlite3';
import { CaseflowError } from '../../../errors.js';
import type { CaseCommit, CaseRecord, EventRecord } from '../../../runtime/store.js';
import { isUniqueViolation } from '../sqlite-errors.js';
import { prepareRoleRows, type PriorRoles, type RoleRowWriter } from './role-rows.js';
import { toCaseRow, type CaseRow, type PriorCaseRow } from './rows.js';

/** The prepared statements a commit needs, made once per connection. */
export interface CommitStatements {
  insertCase: Statement;
  /** The update of a case row that sets only the indexed columns that changed (see `caseUpdate`). */
  updateCase: (changed: number) => Statement;
  caseRevision: Statement<[string], { revision: number }>;
  /** The row's current revision and the columns whose indexes an update may spare. */
  casePrior: Statement<[string], PriorCase>;
  timerCount: Statement<[string, string], { count: number }>;
  keyExists: Statement<[string], { key: string }>;
  roleRows: RoleRowWriter;
  insertNotice: Statement;
  insertEvent: Statement;
  deleteFiredTimer: Statement;
  deleteTimer: Statement;
  upsertTimer: Statement;
  insertOutbox: Statement;
  insertIdempotency: Statement;
  insertTallyMark: Statement;
}

/** What `checkCommit` read of the row a commit updates, and the search text whose index SQLite rewrites only when it changes. */
export interface PriorCase extends PriorCaseRow {
  search_text: string;
}

/** A case record without its snapshot, which travels as JSON beside it. */
export type CaseFields = Omit<CaseRecord, 'snapshot'>;

/** A timer effect as the commit writes it. */
export type TimerWrite = { kind: 'timer.cancel'; key: string } | { kind: 'timer.schedule'; key: string; dueAt: number; count: number };

/**
 * A CaseCommit as plain data with its JSON already made: the snapshot, the roles and the
 * idempotent response are texts, the event carries only its columns (its JSON is `eventJson`).
 */
export interface EncodedCommit {
  case: CaseFields;
  snapshot: string;
  roles: string;
  expectedRevision: number;
  event: Omit<EventRecord, 'input' | 'timer' | 'assignment'>;
  eventJson: CaseCommit['eventJson'];
  timers: TimerWrite[];
  firedTimer?: { key: string; count: number };
  outbox: CaseCommit['outbox'];
  children: EncodedCommit[];
  notices?: CaseCommit['notices'];
  idempotency?: { key: string; requestHash: string; response: string };
  tallyMarks?: CaseCommit['tallyMarks'];
}

/** Turns a CaseCommit into its plain, encoded form (see `EncodedCommit`). */
export function encodeCommit(change: CaseCommit): EncodedCommit {
  const { snapshot, ...fields } = change.case;
  const { event } = change;
  const encoded: EncodedCommit = {
    case: fields,
    snapshot: JSON.stringify(snapshot),
    roles: JSON.stringify(fields.actionableRoles),
    expectedRevision: change.expectedRevision,
    event: {
      caseId: event.caseId, seq: event.seq, type: event.type, actor: event.actor, actorRoles: event.actorRoles, at: event.at,
      from: event.from, to: event.to, prevHash: event.prevHash, hash: event.hash,
    },
    eventJson: change.eventJson,
    timers: [],
    outbox: change.outbox,
    children: change.children.map(encodeCommit),
  };
  if (event.onBehalfOf !== undefined) encoded.event.onBehalfOf = event.onBehalfOf;
  for (const effect of change.timers) {
    if (effect.kind === 'timer.cancel') encoded.timers.push({ kind: 'timer.cancel', key: effect.key });
    else if (effect.kind === 'timer.schedule') encoded.timers.push({ kind: 'timer.schedule', key: effect.key, dueAt: effect.dueAt, count: effect.count });
  }
  if (change.firedTimer) encoded.firedTimer = change.firedTimer;
  if (change.notices) encoded.notices = change.notices;
  if (change.tallyMarks) encoded.tallyMarks = change.tallyMarks;
  if (change.idempotency) {
    const { key, requestHash, response } = change.idempotency;
    encoded.idempotency = { key, requestHash, response: JSON.stringify(response ?? null) };
  }
  return encoded;
}

/** The case rows an encoded commit writes: its case, then its children's. */
export function committedRows(change: EncodedCommit, rows: CaseRow[] = []): CaseRow[] {
  rows.push(toCaseRow(change.case, change.snapshot, change.roles));
  for (const child of change.children) committedRows(child, rows);
  return rows;
}

/** Prepares the statements of `writeCommit` on a connection. */
export function prepareCommitStatements(sqlite: Database): CommitStatements {
  return {
    insertCase: sqlite.prepare(
      `INSERT INTO cases (id, process_id, version, parent_id, state, status, snapshot, revision, next_due_at,
         actionable_roles, search_text, created_at, updated_at, created_by, last_hash, unit, assignee, waiting_on)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateCase: caseUpdates(sqlite),
    caseRevision: sqlite.prepare('SELECT revision FROM cases WHERE id = ?'),
    casePrior: sqlite.prepare('SELECT revision, state, status, next_due_at, actionable_roles, unit, assignee, waiting_on, search_text FROM cases WHERE id = ?'),
    timerCount: sqlite.prepare('SELECT count FROM timers WHERE case_id = ? AND key = ?'),
    keyExists: sqlite.prepare('SELECT key FROM idempotency WHERE key = ?'),
    roleRows: prepareRoleRows(sqlite),
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
    // The mark's rank follows the last one of its key (one writer: ranks are dense and in arrival order).
    insertTallyMark: sqlite.prepare(
      `INSERT INTO tally_marks (process_id, tally, match_key, created_at, case_id, ordinal)
       SELECT @process, @tally, @key, @at, @case, COALESCE(MAX(ordinal), 0) + 1 FROM tally_marks
        WHERE process_id = @process AND tally = @tally AND match_key = @key`,
    ),
  };
}

/**
 * Throws the CaseflowError that refuses this commit, if any; reads only. Returns what it read of
 * the row being updated (undefined for a new case), for `writeCommit`.
 */
export function checkCommit(statements: CommitStatements, change: EncodedCommit): PriorCase | undefined {
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
 * rows are not rewritten.
 */
export function writeCommit(statements: CommitStatements, change: EncodedCommit, prior?: PriorCase): void {
  const record = change.case;
  const isNew = change.expectedRevision === 0;
  const { roles, snapshot } = change;
  const known = !isNew && prior !== undefined && prior.revision === change.expectedRevision ? prior : undefined;
  if (isNew) insertCase(statements, record, snapshot, roles);
  else updateCase(statements, record, change.expectedRevision, snapshot, roles, known);
  for (const mark of change.tallyMarks ?? []) statements.insertTallyMark.run({ process: record.processId, tally: mark.tally, key: mark.key, at: record.createdAt, case: record.id });
  // Without what the row said (it cannot be missing after checkCommit), every role row is written again.
  const rows = isNew ? undefined : known === undefined ? { actionable_roles: '', next_due_at: null, flagsFit: false } : priorRoles(known, record);
  if (rows === undefined || rolesChanged(rows, record, roles)) statements.roleRows.write(record, rows);
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
  for (const child of change.children) writeCommit(statements, child);
  if (change.idempotency) recordIdempotency(statements, change.idempotency, change.event.at);
}

function insertCase(statements: CommitStatements, record: CaseFields, snapshot: string, roles: string): void {
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

/**
 * The indexed columns of `cases` an update sets only when they change, one bit each; the search
 * text's index is the trigram index its trigger keeps (migration 0001).
 */
const INDEXED_COLUMNS = ['state', 'status', 'next_due_at', 'unit', 'assignee', 'search_text'] as const;

/**
 * The updates of a case row, one prepared statement per set of changed indexed columns (made on
 * first use). SQLite rewrites an index entry whenever its column is in the SET list, even to the
 * same value, so each index of `cases` costs only when its key really moves.
 */
function caseUpdates(sqlite: Database): (changed: number) => Statement {
  const prepared = new Map<number, Statement>();
  return (changed) => {
    let statement = prepared.get(changed);
    if (statement === undefined) {
      const indexed = INDEXED_COLUMNS.filter((_, bit) => (changed & (1 << bit)) !== 0).map((column) => `${column} = ?, `).join('');
      statement = sqlite.prepare(
        `UPDATE cases SET ${indexed}version = ?, snapshot = ?, revision = ?, actionable_roles = ?, updated_at = ?, last_hash = ?, waiting_on = ?
           WHERE id = ? AND revision = ?`,
      );
      prepared.set(changed, statement);
    }
    return statement;
  };
}

function updateCase(
  statements: CommitStatements,
  record: CaseFields,
  expectedRevision: number,
  snapshot: string,
  roles: string,
  prior: PriorCase | undefined,
): void {
  const values = [record.state, record.status, record.nextDueAt ?? null, record.unit ?? null, record.assignee ?? null, record.searchText];
  const before = prior === undefined ? undefined : [prior.state, prior.status, prior.next_due_at, prior.unit, prior.assignee, prior.search_text];
  let changed = 0;
  const params: Array<string | number | null> = [];
  values.forEach((value, bit) => {
    if (before !== undefined && before[bit] === value) return;
    changed |= 1 << bit;
    params.push(value);
  });
  const result = statements.updateCase(changed).run(
    ...params, record.version, snapshot, record.revision, roles, record.updatedAt, record.lastHash, waitingOnColumn(record),
    record.id, expectedRevision,
  );
  if (result.changes === 1) return;
  const current = statements.caseRevision.get(record.id);
  if (!current) throw new CaseflowError('not-found', `Case ${record.id} does not exist`);
  throw staleRevision(record.id, expectedRevision, current.revision);
}

function waitingOnColumn(record: CaseFields): string | null {
  return record.waitingOn === undefined || record.waitingOn.length === 0 ? null : JSON.stringify(record.waitingOn);
}

/** What the role rows were written for, and whether their unit and flags still fit the record. */
function priorRoles(prior: PriorCase, record: CaseFields): PriorRoles {
  // A case waiting in a queue may change queue with its state or data: its rows are written again.
  const queued = record.assignee === undefined && record.status === 'active';
  const flagsFit = !queued && prior.status === record.status && prior.unit === (record.unit ?? null) &&
    prior.assignee === (record.assignee ?? null) && prior.waiting_on === waitingOnColumn(record);
  return { actionable_roles: prior.actionable_roles, next_due_at: prior.next_due_at, flagsFit };
}

/** Whether the role rows need a write: new roles, another due time, or flags that may have moved. */
function rolesChanged(prior: PriorRoles, record: CaseFields, roles: string): boolean {
  return !prior.flagsFit || prior.actionable_roles !== roles || prior.next_due_at !== (record.nextDueAt ?? null);
}

function insertEvent(statements: CommitStatements, change: EncodedCommit): void {
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

function writeTimers(statements: CommitStatements, change: EncodedCommit): void {
  const caseId = change.case.id;
  for (const effect of change.timers) {
    if (effect.kind === 'timer.cancel') statements.deleteTimer.run(caseId, effect.key);
    else if (effect.kind === 'timer.schedule') statements.upsertTimer.run(caseId, effect.key, effect.dueAt, effect.count);
  }
}

function recordIdempotency(
  statements: CommitStatements,
  idempotency: NonNullable<EncodedCommit['idempotency']>,
  at: number,
): void {
  try {
    statements.insertIdempotency.run(idempotency.key, idempotency.requestHash, idempotency.response, at);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new CaseflowError('conflict', `Idempotency key ${idempotency.key} has already been used`, { cause: error });
    }
    throw error;
  }
}
