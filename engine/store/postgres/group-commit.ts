/**
 * Group commit on PostgreSQL: writes submitted while a batch is being written wait and then
 * share the next transaction, so one durable COMMIT (synchronous_commit on) serves many events,
 * and every promise settles only after that COMMIT.
 *
 * As in the SQLite store (`engine/store/group-commit.ts`), a write has a read-only `check` that
 * refuses it before anything is written and an `apply` that writes. Refused writes leave no trace,
 * so the batch runs without savepoints; only if an `apply` fails halfway is the transaction
 * rolled back and the batch replayed with one SAVEPOINT per write, so the failed write is rejected
 * alone while the others land. One batch is in flight at a time. Writes that touch different
 * cases are checked together and applied together, in batch order: their rows of the same kind
 * share one multi-row statement (`gathered-statements.ts`), the rest is pipelined.
 */
import type pg from 'pg';
import { CaseflowError } from '../../errors.js';
import { gathering } from './gathered-statements.js';
import { isBatchFailure, pgCode, toStoreError } from './pg-errors.js';

/** Deadlock and serialization failures: the whole transaction is tried again, this many times at most. */
const RETRYABLE = ['40P01', '40001'];
const ATTEMPTS = 3;

/**
 * One write of a batch on the batch's connection: `check` reads and throws to refuse; `apply`
 * writes and returns the result; `committed` sees that result once the batch is durable.
 */
export interface PgBatchedWrite<T> {
  /**
   * What the write reads and changes (`case:<id>`, `key:<idempotency key>`): writes of a batch
   * whose keys do not meet are checked together, then applied together, so a batch of many cases
   * costs two round trips rather than two per case. A write without keys runs alone.
   */
  keys?: string[];
  check?: (client: pg.PoolClient) => Promise<void>;
  apply: (client: pg.PoolClient) => Promise<T>;
  committed?: (result: T) => void;
}

/** A queue of writes flushed in shared transactions. */
export interface PgGroupCommit {
  /** Queues a write; resolves with its result once the batch holding it is durable. */
  submit<T>(write: PgBatchedWrite<T>): Promise<T>;
  /** Refuses further writes and resolves once every queued one is written. */
  close(): Promise<void>;
}

interface PendingWrite {
  keys?: string[];
  check: (client: pg.PoolClient) => Promise<void>;
  apply: (client: pg.PoolClient) => Promise<() => void>;
  reject: (error: Error) => void;
}

type Outcome = { ok: true; settle: () => void } | { ok: false; error: CaseflowError };

/** Thrown out of the fast path when a write failed after it started writing. */
class HalfWritten extends Error {}

/** Splits a batch, in order, into runs of writes whose keys do not meet; a write without keys is a run of its own. */
function independentRuns(batch: PendingWrite[]): PendingWrite[][] {
  const runs: PendingWrite[][] = [];
  let run: PendingWrite[] = [];
  let taken = new Set<string>();
  for (const pending of batch) {
    const keys = pending.keys;
    if (keys === undefined || keys.some((key) => taken.has(key))) {
      if (run.length > 0) runs.push(run);
      run = [];
      taken = new Set();
    }
    run.push(pending);
    if (keys === undefined) {
      runs.push(run);
      run = [];
    } else {
      for (const key of keys) taken.add(key);
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Creates the group-commit queue of a pool; `maxBatch` writes at most per transaction. */
export function createPgGroupCommit(pool: pg.Pool, options: { maxBatch: number }): PgGroupCommit {
  let queue: PendingWrite[] = [];
  let running: Promise<void> | undefined;
  let closed = false;

  function refusal(error: unknown): Outcome {
    if (isBatchFailure(error)) throw error;
    return { ok: false, error: toStoreError(error) };
  }

  /** Checks a run of writes together (their reads share a round trip); refused ones get their outcome. */
  async function checkRun(client: pg.PoolClient, run: PendingWrite[]): Promise<Array<Outcome | undefined>> {
    const checked = await Promise.allSettled(gathering(client, () => run.map((pending) => pending.check(client))));
    return checked.map((result) => {
      if (result.status === 'fulfilled') return undefined;
      // A refusal leaves the transaction usable; a failed statement aborts it.
      if (!(result.reason instanceof CaseflowError) && !isBatchFailure(result.reason)) throw new HalfWritten('A check failed', { cause: result.reason });
      return refusal(result.reason);
    });
  }

  /** Applies the writes of a run that were not refused, together; any failure ends the fast path. */
  async function applyRun(client: pg.PoolClient, run: PendingWrite[], refused: Array<Outcome | undefined>): Promise<Outcome[]> {
    const applied = await Promise.allSettled(gathering(client, () => run.map((pending, i) => (refused[i] === undefined ? pending.apply(client) : undefined))));
    return applied.map((result, i) => {
      const outcome = refused[i];
      if (outcome !== undefined) return outcome;
      if (result.status === 'rejected') {
        if (isBatchFailure(result.reason)) throw result.reason;
        throw new HalfWritten('A write failed after it started', { cause: result.reason });
      }
      if (result.value === undefined) throw new HalfWritten('A write was not applied');
      return { ok: true, settle: result.value };
    });
  }

  async function fastPath(client: pg.PoolClient, batch: PendingWrite[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const run of independentRuns(batch)) {
      const refused = await checkRun(client, run);
      outcomes.push(...(await applyRun(client, run, refused)));
    }
    return outcomes;
  }

  async function carefulPath(client: pg.PoolClient, batch: PendingWrite[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const pending of batch) {
      await client.query('SAVEPOINT write');
      try {
        await pending.check(client);
        const settle = await pending.apply(client);
        await client.query('RELEASE write');
        outcomes.push({ ok: true, settle });
      } catch (error) {
        const outcome = refusal(error);
        await client.query('ROLLBACK TO write');
        await client.query('RELEASE write');
        outcomes.push(outcome);
      }
    }
    return outcomes;
  }

  /** One transaction over the batch: the fast path, or the careful one after a half-written write. */
  async function transaction(client: pg.PoolClient, batch: PendingWrite[]): Promise<Outcome[]> {
    await client.query('BEGIN');
    let outcomes: Outcome[];
    try {
      outcomes = await fastPath(client, batch);
    } catch (error) {
      if (!(error instanceof HalfWritten)) throw error;
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      outcomes = await carefulPath(client, batch);
    }
    await client.query('COMMIT');
    return outcomes;
  }

  async function runBatch(batch: PendingWrite[]): Promise<void> {
    let client: pg.PoolClient | undefined;
    let outcomes: Outcome[];
    try {
      client = await pool.connect();
      for (let attempt = 1; ; attempt++) {
        try {
          outcomes = await transaction(client, batch);
          break;
        } catch (error) {
          // Two servers locking the same cases in opposite orders: PostgreSQL aborts one; it tries again.
          if (attempt >= ATTEMPTS || !RETRYABLE.includes(pgCode(error) ?? '')) throw error;
          await client.query('ROLLBACK');
        }
      }
    } catch (error) {
      await abandon(client, batch, error);
      return;
    }
    client.release();
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) outcome.settle();
      else pending.reject(outcome.error);
    });
  }

  async function abandon(client: pg.PoolClient | undefined, batch: PendingWrite[], cause: unknown): Promise<void> {
    const failure = toStoreError(cause);
    if (client !== undefined) {
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch {
        // The connection is broken; it is dropped and the failure reported below is the useful one.
        client.release(true);
      }
    }
    for (const pending of batch) pending.reject(failure);
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      await runBatch(batch);
    }
    running = undefined;
  }

  function schedule(): void {
    // Writes of the same turn of the event loop join the batch; later ones wait for the next.
    running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(drain);
  }

  return {
    submit<T>(write: PgBatchedWrite<T>): Promise<T> {
      if (closed) return Promise.reject(new CaseflowError('internal', 'The store is closed'));
      return new Promise<T>((resolve, reject) => {
        const apply = async (client: pg.PoolClient) => {
          const value = await write.apply(client);
          return () => {
            write.committed?.(value);
            resolve(value);
          };
        };
        queue.push({ keys: write.keys, check: write.check ?? (async () => {}), apply, reject });
        schedule();
      });
    },
    async close(): Promise<void> {
      closed = true;
      await running;
    },
  };
}
