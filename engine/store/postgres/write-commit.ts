/**
 * One CaseCommit (and its children) on PostgreSQL, in the two halves of the group commit, with
 * the semantics of `engine/store/sqlite/sql/write-commit.ts`: `checkCommit` reads and refuses a commit
 * that no longer fits the database (`stale-revision`, `not-found`, `conflict`) before anything is
 * written; `writeCommit` writes, and still maps the same violations for what the check leaves
 * out (an event seq already taken, a case another server opened meanwhile). The case row is
 * updated only at the revision the change was computed from, so a concurrent writer on another
 * server is refused too. Statements are named, so each connection prepares them once, and the
 * statements of one half are sent together: the pool pipelines them, one round trip per half.
 */
import type pg from 'pg';
import { CaseflowError } from '../../errors.js';
import type { CaseCommit, CaseRecord } from '../../runtime/store.js';
import { toCaseRow, type CaseRow, type PriorCaseRow } from '../sqlite/sql/rows.js';
import { sendRow, sendStatement, type RowKind, type Value } from './gathered-statements.js';
import { isUniqueViolation, pgCode } from './pg-errors.js';

const SQL = {
  insertCase: `INSERT INTO cases (id, process_id, version, parent_id, state, status, snapshot, revision, next_due_at,
      actionable_roles, search_text, created_at, updated_at, created_by, last_hash, unit, assignee, waiting_on)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
  // Two servers marking one key at the same instant may share a rank: a count then errs by one, never more.
  insertTallyMark: `INSERT INTO tally_marks (process_id, tally, match_key, created_at, case_id, ordinal)
    SELECT $1, $2, $3, $4, $5, COALESCE(MAX(ordinal), 0) + 1 FROM tally_marks WHERE process_id = $1 AND tally = $2 AND match_key = $3`,
  insertNotice: 'INSERT INTO notices (user_id, case_id, event_seq, kind, text, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
  deleteTimer: 'DELETE FROM timers WHERE case_id = $1 AND key = $2',
  upsertTimer: `INSERT INTO timers (case_id, key, due_at, count) VALUES ($1, $2, $3, $4)
    ON CONFLICT (case_id, key) DO UPDATE SET due_at = excluded.due_at, count = excluded.count, lease_node = NULL, lease_until = NULL`,
  insertOutbox: `INSERT INTO outbox (case_id, event_seq, channel, template, recipients, subject, body, status, attempts,
      next_attempt_at, last_error, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
  insertIdempotency: 'INSERT INTO idempotency (key, request_hash, response, created_at) VALUES ($1, $2, $3, $4)',
} as const;

/** Transposes rows of values into one array per column, as `unnest` takes them. */
function transpose(rows: Value[][], width: number): Value[] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column]) as Value);
}

const pairKey = (caseId: string, key: string) => `${caseId}\u0000${key}`;

/** What the check reads of a case row, by id. */
const casePrior: RowKind<string, PriorCaseRow | undefined> = {
  name: 'case_priors',
  text: `SELECT id, revision, state, status, next_due_at, actionable_roles, unit, assignee, waiting_on FROM cases WHERE id = ANY ($1::text[])`,
  columns: (ids) => [ids],
  answers(result, ids) {
    const byId = new Map(result.rows.map((row: PriorCaseRow & { id: string }) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  },
};

/** The count of a pending timer, by case and key (undefined when there is none). */
const timerCount: RowKind<{ caseId: string; key: string }, number | undefined> = {
  name: 'timer_counts',
  text: `SELECT t.case_id, t.key, t.count FROM timers AS t
    JOIN unnest($1::text[], $2::text[]) AS f (case_id, key) ON t.case_id = f.case_id AND t.key = f.key`,
  columns: (rows) => [rows.map((row) => row.caseId), rows.map((row) => row.key)],
  answers(result, rows) {
    const counts = new Map(result.rows.map((row: { case_id: string; key: string; count: number }) => [pairKey(row.case_id, row.key), row.count]));
    return rows.map((row) => counts.get(pairKey(row.caseId, row.key)));
  },
};

/** Whether an idempotency key is taken. */
const keyTaken: RowKind<string, boolean> = {
  name: 'keys_taken',
  text: 'SELECT key FROM idempotency WHERE key = ANY ($1::text[])',
  columns: (keys) => [keys],
  answers(result, keys) {
    const taken = new Set(result.rows.map((row: { key: string }) => row.key));
    return keys.map((key) => taken.has(key));
  },
};

/** A case row moved from the revision its change was computed from; answers whether it was. */
const updateCase: RowKind<Value[], boolean> = {
  name: 'update_cases',
  text: `UPDATE cases AS c SET state = u.state, status = u.status, snapshot = u.snapshot, revision = u.revision, next_due_at = u.next_due_at,
      actionable_roles = u.roles, search_text = u.search_text, updated_at = u.updated_at, last_hash = u.last_hash, unit = u.unit,
      assignee = u.assignee, waiting_on = u.waiting_on, version = u.version
    FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::text[], $9::text[],
      $10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[])
      AS u (id, expected, state, status, snapshot, revision, next_due_at, roles, search_text, updated_at, last_hash, unit, assignee, waiting_on, version)
    WHERE c.id = u.id AND c.revision = u.expected
    RETURNING c.id`,
  columns: (rows) => transpose(rows, 15),
  answers(result, rows) {
    const updated = new Set(result.rows.map((row: { id: string }) => row.id));
    return rows.map((row) => updated.has(row[0] as string));
  },
};

/** A fired timer's row removed, if it is still the one that fired; answers whether it was. */
const deleteFiredTimer: RowKind<{ caseId: string; key: string; count: number }, boolean> = {
  name: 'delete_fired_timers',
  text: `DELETE FROM timers AS t USING unnest($1::text[], $2::text[], $3::int[]) AS f (case_id, key, count)
    WHERE t.case_id = f.case_id AND t.key = f.key AND t.count = f.count
    RETURNING t.case_id, t.key`,
  columns: (rows) => [rows.map((row) => row.caseId), rows.map((row) => row.key), rows.map((row) => row.count)],
  answers(result, rows) {
    const deleted = new Set(result.rows.map((row: { case_id: string; key: string }) => pairKey(row.case_id, row.key)));
    return rows.map((row) => deleted.has(pairKey(row.caseId, row.key)));
  },
};

/** An event row, its JSON columns as the texts its hash covers. */
const insertEvent: RowKind<Value[], void> = {
  name: 'insert_events',
  text: `INSERT INTO events (case_id, seq, type, actor, actor_roles, at, from_state, to_state, input, timer, prev_hash, hash,
      assignment, on_behalf_of)
    SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[],
      $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])`,
  columns: (rows) => transpose(rows, 14),
  answers: (_result, rows) => rows.map(() => undefined),
};

/** The role rows of a case that no longer fit it (all of them when `fresh`), removed. */
const deleteRoles: RowKind<{ caseId: string; dueAt: number | null; roles: string[]; fresh: boolean }, void> = {
  name: 'delete_roles',
  text: `DELETE FROM case_roles AS r USING unnest($1::text[], $2::bigint[], $3::text[], $4::boolean[]) AS d (case_id, next_due_at, roles, fresh)
    WHERE r.case_id = d.case_id
      AND (d.fresh OR r.next_due_at IS DISTINCT FROM d.next_due_at OR NOT (r.role = ANY (string_to_array(d.roles, chr(31)))))`,
  columns: (rows) => [
    rows.map((row) => row.caseId), rows.map((row) => row.dueAt), rows.map((row) => row.roles.join('\u001f')),
    rows.map((row) => (row.fresh ? 'true' : 'false')),
  ],
  answers: (_result, rows) => rows.map(() => undefined),
};

/** The role rows a case has now, each with its queue and approval flags; rows it still has are kept. */
const insertRoles: RowKind<{ caseId: string; createdAt: number; dueAt: number | null; unit: string | null; roles: string[]; queued: number[]; waiting: number[] }, void> = {
  name: 'insert_roles',
  text: `INSERT INTO case_roles (case_id, role, created_at, next_due_at, unit, queued, waiting)
    SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::int[], $7::int[])
    ON CONFLICT DO NOTHING`,
  columns(rows) {
    const each = <T>(pick: (row: (typeof rows)[number], index: number) => T) => rows.flatMap((row) => row.roles.map((_, index) => pick(row, index)));
    return [
      each((row) => row.caseId), each((row, index) => row.roles[index]), each((row) => row.createdAt), each((row) => row.dueAt),
      each((row) => row.unit), each((row, index) => row.queued[index]), each((row, index) => row.waiting[index]),
    ] as Value[];
  },
  answers: (_result, rows) => rows.map(() => undefined),
};

/**
 * The statements of one commit, sent together (the pool pipelines them; rows of a gathered kind
 * join the run's multi-row statement) and checked once all are answered.
 */
class Statements {
  private readonly sent: Array<Promise<unknown>> = [];

  constructor(private readonly client: pg.PoolClient) {}

  /** Sends a named statement; `check` sees its result, or `onError` its failure, once it is answered. */
  send<R extends pg.QueryResultRow = pg.QueryResultRow>(
    name: string, text: string, values: Value[], check?: (result: pg.QueryResult<R>) => void, onError?: (error: unknown) => never,
  ): void {
    this.sent.push(sendStatement<R>(this.client, name, text, values).then(check, onError));
  }

  /** Sends one row of a multi-row kind; `check` sees what the row got, or `onError` the failure. */
  row<Row, Answer>(kind: RowKind<Row, Answer>, row: Row, check?: (answer: Answer) => void, onError?: (error: unknown) => never): void {
    this.sent.push(sendRow(this.client, kind, row).then(check, onError));
  }

  /**
   * Waits for every answer; throws the failure that caused the others: statements after a failed
   * one fail only because the transaction is aborted (25P02), whatever order they were asked in.
   */
  async settle(): Promise<void> {
    const failures = (await Promise.allSettled(this.sent)).flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (failures.length > 0) throw failures.find((failure) => pgCode(failure) !== '25P02') ?? failures[0];
  }
}

/**
 * Throws the CaseflowError that refuses this commit, if any; reads only, in one round trip for
 * the commit and its children. Returns what it read of the row being updated (undefined for a
 * new case), for `writeCommit`.
 */
export async function checkCommit(client: pg.PoolClient, change: CaseCommit): Promise<PriorCaseRow | undefined> {
  const reads = new Statements(client);
  let prior: PriorCaseRow | undefined;
  const refusals: Array<() => void> = [];
  const check = (commit: CaseCommit, top: boolean) => {
    const record = commit.case;
    if (commit.event.caseId !== record.id) {
      throw new CaseflowError('internal', `Event of case ${commit.event.caseId} committed with case ${record.id}`);
    }
    let current: PriorCaseRow | undefined;
    reads.row(casePrior, record.id, (row) => {
      current = row;
      if (top) prior = current;
    });
    refusals.push(() => {
      if (commit.expectedRevision === 0) {
        if (current) throw new CaseflowError('stale-revision', `Case ${record.id} already exists`);
      } else if (!current) {
        throw new CaseflowError('not-found', `Case ${record.id} does not exist`);
      } else if (current.revision !== commit.expectedRevision) {
        throw staleRevision(record.id, commit.expectedRevision, current.revision);
      }
    });
    const fired = commit.firedTimer;
    if (fired) {
      let count: number | undefined;
      reads.row(timerCount, { caseId: record.id, key: fired.key }, (found) => {
        count = found;
      });
      refusals.push(() => {
        if (count !== fired.count) throw timerGone(record.id, fired);
      });
    }
    const key = commit.idempotency?.key;
    if (key !== undefined) {
      let used = false;
      reads.row(keyTaken, key, (taken) => {
        used = taken;
      });
      refusals.push(() => {
        if (used) throw new CaseflowError('conflict', `Idempotency key ${key} has already been used`);
      });
    }
    for (const child of commit.children) check(child, false);
  };
  try {
    check(change, true);
  } finally {
    await reads.settle().catch(() => {});
  }
  await reads.settle();
  for (const refuse of refusals) refuse();
  return prior;
}

function staleRevision(caseId: string, expectedRevision: number, revision: number): CaseflowError {
  return new CaseflowError('stale-revision', `Case ${caseId} is at revision ${revision}, not ${expectedRevision}`, {
    details: { caseId, expectedRevision, revision },
  });
}

function timerGone(caseId: string, fired: { key: string; count: number }): CaseflowError {
  return new CaseflowError('stale-revision', `Timer ${fired.key} (#${fired.count}) of case ${caseId} has already fired or was replaced`, {
    details: { caseId, timer: fired },
  });
}

/** Maps a unique violation to `error`; other failures pass through. */
function uniqueAs(error: () => CaseflowError): (cause: unknown) => never {
  return (cause) => {
    if (isUniqueViolation(cause)) {
      const refusal = error();
      throw new CaseflowError(refusal.code, refusal.message, { details: refusal.details, cause });
    }
    throw cause;
  };
}

/**
 * Applies every change of one commit, children included, in one round trip; throws without
 * cleaning up (the group commit rolls back). Returns the case rows written (this case, then its
 * children).
 */
export async function writeCommit(client: pg.PoolClient, change: CaseCommit, prior?: PriorCaseRow): Promise<CaseRow[]> {
  const statements = new Statements(client);
  const written: CaseRow[] = [];
  sendCommit(statements, change, prior, written);
  await statements.settle();
  return written;
}

function sendCommit(statements: Statements, change: CaseCommit, prior: PriorCaseRow | undefined, written: CaseRow[]): void {
  const record = change.case;
  const isNew = change.expectedRevision === 0;
  const roles = JSON.stringify(record.actionableRoles);
  const known = !isNew && prior !== undefined && prior.revision === change.expectedRevision ? prior : undefined;
  const snapshot = JSON.stringify(record.snapshot);
  if (isNew) sendInsertCase(statements, record, snapshot, roles);
  else sendUpdateCase(statements, record, change.expectedRevision, snapshot, roles);
  for (const mark of change.tallyMarks ?? []) {
    statements.send('insert_tally_mark', SQL.insertTallyMark, [record.processId, mark.tally, mark.key, record.createdAt, record.id]);
  }
  written.push(toCaseRow(record, snapshot, roles));
  const dueAt = record.nextDueAt ?? null;
  const staffChanged = known !== undefined && !sameStaffing(known, record);
  if (known === undefined || staffChanged || known.actionable_roles !== roles || known.next_due_at !== dueAt) {
    sendRoles(statements, record, isNew || staffChanged);
  }
  sendEvent(statements, change);
  for (const notice of change.notices ?? []) {
    statements.send('insert_notice', SQL.insertNotice, [notice.userId, record.id, change.event.seq, notice.kind, notice.text, notice.createdAt]);
  }
  const fired = change.firedTimer;
  if (fired) {
    statements.row(deleteFiredTimer, { caseId: record.id, key: fired.key, count: fired.count }, (deleted) => {
      if (!deleted) throw timerGone(record.id, fired);
    });
  }
  // Leaving the state of a timer that fired cancels it too: the fired row is already gone then.
  let firedGone = fired !== undefined;
  for (const effect of change.timers) {
    if (effect.kind !== 'timer.cancel' && effect.kind !== 'timer.schedule') continue;
    const alreadyGone = firedGone && effect.key === fired?.key;
    if (effect.key === fired?.key) firedGone = false;
    if (effect.kind === 'timer.cancel') {
      if (!alreadyGone) statements.send('delete_timer', SQL.deleteTimer, [record.id, effect.key]);
    } else {
      statements.send('upsert_timer', SQL.upsertTimer, [record.id, effect.key, effect.dueAt, effect.count]);
    }
  }
  for (const message of change.outbox) {
    statements.send('insert_outbox', SQL.insertOutbox, [
      record.id, change.event.seq, message.channel, message.template, JSON.stringify(message.to), message.subject ?? null,
      message.body, message.status, message.attempts, message.nextAttemptAt, message.lastError ?? null, message.createdAt,
    ]);
  }
  for (const child of change.children) sendCommit(statements, child, undefined, written);
  const idempotency = change.idempotency;
  if (idempotency) {
    statements.send(
      'insert_idempotency', SQL.insertIdempotency,
      [idempotency.key, idempotency.requestHash, JSON.stringify(idempotency.response ?? null), change.event.at],
      undefined,
      uniqueAs(() => new CaseflowError('conflict', `Idempotency key ${idempotency.key} has already been used`)),
    );
  }
}

function sendInsertCase(statements: Statements, record: CaseRecord, snapshot: string, roles: string): void {
  statements.send(
    'insert_case', SQL.insertCase,
    [
      record.id, record.processId, record.version, record.parentId ?? null, record.state, record.status,
      snapshot, record.revision, record.nextDueAt ?? null, roles,
      record.searchText, record.createdAt, record.updatedAt, record.createdBy, record.lastHash,
      record.unit ?? null, record.assignee ?? null, waitingOnColumn(record),
    ],
    undefined,
    uniqueAs(() => new CaseflowError('stale-revision', `Case ${record.id} already exists`)),
  );
}

function sendUpdateCase(statements: Statements, record: CaseRecord, expectedRevision: number, snapshot: string, roles: string): void {
  // The check read the revision without locking the row: another server may have moved it since.
  statements.row(updateCase, [
    record.id, expectedRevision, record.state, record.status, snapshot, record.revision, record.nextDueAt ?? null,
    roles, record.searchText, record.updatedAt, record.lastHash, record.unit ?? null, record.assignee ?? null, waitingOnColumn(record),
    record.version,
  ], (updated) => {
    if (!updated) {
      throw new CaseflowError('stale-revision', `Case ${record.id} changed after revision ${expectedRevision}`, {
        details: { caseId: record.id, expectedRevision },
      });
    }
  });
}

function waitingOnColumn(record: CaseRecord): string | null {
  return record.waitingOn === undefined || record.waitingOn.length === 0 ? null : JSON.stringify(record.waitingOn);
}

/** Whether the row's unit, holder and approval are as the record has them (its role rows then still fit). */
function sameStaffing(prior: PriorCaseRow, record: CaseRecord): boolean {
  // A held case waits in no queue, so its state changes nothing of its role rows' flags.
  return (prior.state === record.state || record.assignee !== undefined) && prior.unit === (record.unit ?? null) &&
    prior.assignee === (record.assignee ?? null) && prior.waiting_on === waitingOnColumn(record);
}

/** The role rows of a case (see the SQLite store's `writeRoles`); `fresh` rows replace all the case had. */
function sendRoles(statements: Statements, record: CaseRecord, fresh: boolean): void {
  const dueAt = record.nextDueAt ?? null;
  const roles = record.actionableRoles;
  statements.row(deleteRoles, { caseId: record.id, dueAt, roles, fresh });
  if (roles.length === 0) return;
  const open = record.assignee === undefined && record.status === 'active';
  const queue = record.queueRoles;
  const waiting = new Set(record.waitingOn ?? []);
  statements.row(insertRoles, {
    caseId: record.id, createdAt: record.createdAt, dueAt, unit: record.unit ?? null, roles,
    queued: roles.map((role) => (open && (queue === undefined || queue.includes(role)) ? 1 : 0)),
    waiting: roles.map((role) => (waiting.has(role) ? 1 : 0)),
  });
}

/** The event row, its input, timer and assignment as the canonical JSON texts its hash covers (written as given). */
function sendEvent(statements: Statements, change: CaseCommit): void {
  const { event, eventJson } = change;
  statements.row(
    insertEvent,
    [
      event.caseId, event.seq, event.type, event.actor, JSON.stringify(event.actorRoles), event.at, event.from, event.to,
      eventJson.input, eventJson.timer, event.prevHash, event.hash, eventJson.assignment, event.onBehalfOf ?? null,
    ],
    undefined,
    uniqueAs(() => new CaseflowError('stale-revision', `Case ${event.caseId} already has event ${event.seq}`)),
  );
}
