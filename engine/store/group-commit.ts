/**
 * Group commit: writes submitted during one turn of the event loop share ONE transaction and so
 * one fsync. Each write runs in its own SAVEPOINT, so a stale or invalid write is rolled back
 * and rejected alone while the others land; every promise settles only after the outer COMMIT.
 */
import type { Database } from 'better-sqlite3';
import { CaseflowError } from '../errors.js';
import { isBatchFailure, toStoreError } from './sqlite-errors.js';

/** Options of `createGroupCommit`. */
export interface GroupCommitOptions {
  /** Most writes in one transaction; the rest wait for the next turn. */
  maxBatch: number;
}

/** A queue of writes flushed in shared transactions. */
export interface GroupCommit {
  /** Queues a synchronous write; resolves with its result once the batch holding it is durable. */
  submit<T>(write: () => T): Promise<T>;
  /** Writes everything queued now, synchronously (used before closing). */
  drain(): void;
  /** Refuses further writes; queued ones are still written by `drain`. */
  close(): void;
}

interface PendingWrite {
  /** Performs the write and returns what settles its promise once the batch is durable. */
  run: () => () => void;
  reject: (error: Error) => void;
}

type Outcome = { ok: true; settle: () => void } | { ok: false; error: CaseflowError };

/** Creates the group-commit queue of a connection. */
export function createGroupCommit(sqlite: Database, options: GroupCommitOptions): GroupCommit {
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  const rollback = sqlite.prepare('ROLLBACK');
  const savepoint = sqlite.prepare('SAVEPOINT write');
  const release = sqlite.prepare('RELEASE write');
  const rollbackTo = sqlite.prepare('ROLLBACK TO write');
  let queue: PendingWrite[] = [];
  let scheduled = false;
  let closed = false;

  function runBatch(batch: PendingWrite[]): void {
    const outcomes: Outcome[] = [];
    try {
      begin.run();
      for (const pending of batch) {
        savepoint.run();
        try {
          const settle = pending.run();
          release.run();
          outcomes.push({ ok: true, settle });
        } catch (error) {
          // A storage failure may have ended the transaction: nothing of the batch is kept.
          if (isBatchFailure(error) || !sqlite.inTransaction) throw error;
          rollbackTo.run();
          release.run();
          outcomes.push({ ok: false, error: toStoreError(error) });
        }
      }
      commit.run();
    } catch (error) {
      abandon(batch, error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) outcome.settle();
      else pending.reject(outcome.error);
    });
  }

  function abandon(batch: PendingWrite[], cause: unknown): void {
    const failure = toStoreError(cause);
    try {
      if (sqlite.inTransaction) rollback.run();
    } catch {
      // The transaction is already gone; the failure reported below is the useful one.
    }
    for (const pending of batch) pending.reject(failure);
  }

  function flush(): void {
    scheduled = false;
    const batch = queue.length <= options.maxBatch ? queue : queue.slice(0, options.maxBatch);
    queue = queue.length <= options.maxBatch ? [] : queue.slice(options.maxBatch);
    if (queue.length > 0) schedule();
    if (batch.length > 0) runBatch(batch);
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  return {
    submit<T>(write: () => T): Promise<T> {
      if (closed) return Promise.reject(new CaseflowError('internal', 'The store is closed'));
      return new Promise<T>((resolve, reject) => {
        const run = () => {
          const value = write();
          return () => resolve(value);
        };
        queue.push({ run, reject });
        schedule();
      });
    },
    drain(): void {
      while (queue.length > 0) flush();
    },
    close(): void {
      closed = true;
    },
  };
}
