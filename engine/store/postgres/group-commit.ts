/**
 * Group commit on PostgreSQL: writes submitted while a batch is being written wait and then
 * share the next transaction, so one durable COMMIT (synchronous_commit on) serves many events,
 * and every promise settles only after that COMMIT.
 *
 * As in the SQLite store (`engine/store/group-commit.ts`), a write has a read-only `check` that
 * refuses it before anything is written and an `apply` that writes. Refused writes leave no trace,
 * so the batch runs without savepoints; only if an `apply` fails halfway is the transaction
 * rolled back and the batch replayed with one SAVEPOINT per write, so the failed write is rejected
 * alone while the others land. One batch is in flight at a time.
 */
import type pg from 'pg';
import { CaseflowError } from '../../errors.js';
import { isBatchFailure, toStoreError } from './pg-errors.js';

/**
 * One write of a batch on the batch's connection: `check` reads and throws to refuse; `apply`
 * writes and returns the result; `committed` sees that result once the batch is durable.
 */
export interface PgBatchedWrite<T> {
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
  check: (client: pg.PoolClient) => Promise<void>;
  apply: (client: pg.PoolClient) => Promise<() => void>;
  reject: (error: Error) => void;
}

type Outcome = { ok: true; settle: () => void } | { ok: false; error: CaseflowError };

/** Thrown out of the fast path when a write failed after it started writing. */
class HalfWritten extends Error {}

/** Creates the group-commit queue of a pool; `maxBatch` writes at most per transaction. */
export function createPgGroupCommit(pool: pg.Pool, options: { maxBatch: number }): PgGroupCommit {
  let queue: PendingWrite[] = [];
  let running: Promise<void> | undefined;
  let closed = false;

  function refusal(error: unknown): Outcome {
    if (isBatchFailure(error)) throw error;
    return { ok: false, error: toStoreError(error) };
  }

  async function fastPath(client: pg.PoolClient, batch: PendingWrite[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const pending of batch) {
      try {
        await pending.check(client);
      } catch (error) {
        // A refusal leaves the transaction usable; a failed statement aborts it.
        if (!(error instanceof CaseflowError) && !isBatchFailure(error)) throw new HalfWritten('A check failed', { cause: error });
        outcomes.push(refusal(error));
        continue;
      }
      try {
        outcomes.push({ ok: true, settle: await pending.apply(client) });
      } catch (error) {
        if (isBatchFailure(error)) throw error;
        throw new HalfWritten('A write failed after it started', { cause: error });
      }
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

  async function runBatch(batch: PendingWrite[]): Promise<void> {
    let client: pg.PoolClient | undefined;
    let outcomes: Outcome[];
    try {
      client = await pool.connect();
      await client.query('BEGIN');
      try {
        outcomes = await fastPath(client, batch);
      } catch (error) {
        if (!(error instanceof HalfWritten)) throw error;
        await client.query('ROLLBACK');
        await client.query('BEGIN');
        outcomes = await carefulPath(client, batch);
      }
      await client.query('COMMIT');
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
        queue.push({ check: write.check ?? (async () => {}), apply, reject });
        schedule();
      });
    },
    async close(): Promise<void> {
      closed = true;
      await running;
    },
  };
}
