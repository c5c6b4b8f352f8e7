/**
 * Statements a run of writes sends once for all its rows. While a run of the group commit is
 * being sent (`gathering`), the writes add rows to multi-row statements (an event insert, a case
 * update, a fired-timer delete, the check reads) instead of sending one statement each; at the
 * end of the run each kind goes out as one statement over `unnest` arrays, then the writes'
 * other statements in the order they asked. Outside a run (a write alone, the careful path
 * after a failure) the same kinds go out with one row, so a failure belongs to one write.
 */
import type pg from 'pg';

/** A value of a statement parameter. */
export type Value = string | number | null | string[] | number[] | Array<string | null> | Array<number | null>;

/** A multi-row statement: its text over parameter arrays, and how the answer splits into rows. */
export interface RowKind<Row, Answer> {
  /** Name of the prepared statement (prefixed `caseflow_`). */
  name: string;
  /** The statement over `unnest` of one array per column. */
  text: string;
  /** The parameter arrays of these rows, one per column. */
  columns(rows: Row[]): Value[];
  /** What each row gets of the answer, in the order of `rows`. */
  answers(result: pg.QueryResult, rows: Row[]): Answer[];
}

interface Pending<Row, Answer> {
  kind: RowKind<Row, Answer>;
  rows: Row[];
  settle: Array<{ resolve: (answer: Answer) => void; reject: (error: unknown) => void }>;
}

/** The rows and deferred statements of one run on one connection. */
class Gathering {
  readonly kinds = new Map<RowKind<never, unknown>, Pending<unknown, unknown>>();
  readonly later: Array<() => void> = [];

  add<Row, Answer>(kind: RowKind<Row, Answer>, row: Row): Promise<Answer> {
    let pending = this.kinds.get(kind as RowKind<never, unknown>) as Pending<Row, Answer> | undefined;
    if (pending === undefined) {
      pending = { kind, rows: [], settle: [] };
      this.kinds.set(kind as RowKind<never, unknown>, pending as Pending<unknown, unknown>);
    }
    const into = pending;
    into.rows.push(row);
    return new Promise<Answer>((resolve, reject) => into.settle.push({ resolve, reject }));
  }

  flush(client: pg.PoolClient): void {
    for (const pending of this.kinds.values()) sendKind(client, pending);
    for (const send of this.later) send();
  }
}

const runs = new WeakMap<pg.PoolClient, Gathering>();

function runStatement(client: pg.PoolClient, name: string, text: string, values: Value[]): Promise<pg.QueryResult> {
  return client.query({ name: `caseflow_${name}`, text, values });
}

function sendKind<Row, Answer>(client: pg.PoolClient, pending: Pending<Row, Answer>): void {
  const { kind, rows, settle } = pending;
  runStatement(client, kind.name, kind.text, kind.columns(rows)).then(
    (result) => {
      const answers = kind.answers(result, rows);
      settle.forEach((one, index) => one.resolve(answers[index]));
    },
    (error: unknown) => {
      for (const one of settle) one.reject(error);
    },
  );
}

/**
 * Runs `send`, which queues statements on `client` synchronously, gathering their rows; then
 * sends each kind's multi-row statement and the deferred statements, all in one socket write.
 * Returns what `send` returned.
 */
export function gathering<T>(client: pg.PoolClient, send: () => T): T {
  // The driver flushes the socket after each statement; corked, the whole run leaves in one write.
  const socket = (client as pg.PoolClient & { connection?: { stream?: { cork(): void; uncork(): void } } }).connection?.stream;
  const run = new Gathering();
  socket?.cork();
  runs.set(client, run);
  try {
    const result = send();
    runs.delete(client);
    run.flush(client);
    return result;
  } finally {
    runs.delete(client);
    socket?.uncork();
  }
}

/** Sends one row of `kind` (gathered into the run's statement while a run is being sent). */
export function sendRow<Row, Answer>(client: pg.PoolClient, kind: RowKind<Row, Answer>, row: Row): Promise<Answer> {
  const run = runs.get(client);
  if (run !== undefined) return run.add(kind, row);
  return runStatement(client, kind.name, kind.text, kind.columns([row])).then((result) => kind.answers(result, [row])[0]);
}

/** Sends a statement of one write now, or, while a run is being sent, after the run's multi-row statements. */
export function sendStatement<R extends pg.QueryResultRow>(client: pg.PoolClient, name: string, text: string, values: Value[]): Promise<pg.QueryResult<R>> {
  const run = runs.get(client);
  if (run === undefined) return client.query<R>({ name: `caseflow_${name}`, text, values });
  return new Promise((resolve, reject) => {
    run.later.push(() => {
      client.query<R>({ name: `caseflow_${name}`, text, values }).then(resolve, reject);
    });
  });
}
