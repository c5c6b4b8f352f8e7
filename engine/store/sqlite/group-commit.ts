/**
 * Group commit: writes submitted during two turns of the event loop share ONE transaction and so
 * one fsync, and every promise settles only after the outer COMMIT. The second turn lets the
 * requests whose bytes arrive meanwhile join the batch: over HTTP, events that are sent side by
 * side reach the server over several turns, and each batch costs a BEGIN, a COMMIT and an fsync.
 *
 * A write has a read-only `check` that refuses it (stale revision, used key…) before anything
 * is written, and an `apply` that writes. Refused writes leave no trace, so the batch needs no
 * savepoints. Only if an `apply` fails halfway is the batch rolled back and replayed in careful
 * mode, one SAVEPOINT per write, so the failed write is rejected alone while the others land.
 */
import type { Database } from 'better-sqlite3';
import { CaseflowError } from '../../errors.js';
import { isBatchFailure, toStoreError } from './sqlite-errors.js';

/**
 * One write of a batch: `check` reads and throws to refuse; `apply` writes and returns the result;
 * `committed` sees that result once the batch is durable, before anyone else does.
 */
export interface BatchedWrite<T> {
  check?: () => void;
  apply: () => T;
  committed?: (result: T) => void;
}

/** Options of `createGroupCommit`. */
export interface GroupCommitOptions {
  /** Most writes in one transaction; the rest wait for the next turn. */
  maxBatch: number;
  /** Event-loop turns a batch gathers writes before it is written (default 2). */
  gatherTurns?: number;
  /** Called right after each BEGIN IMMEDIATE. */
  onBegin?: () => void;
  /** Called right after each successful COMMIT, before any write of the batch settles. */
  onCommit?: () => void;
}

/** A queue of writes flushed in shared transactions. */
export interface GroupCommit {
  /** Queues a write; resolves with its result once the batch holding it is durable. */
  submit<T>(write: BatchedWrite<T>): Promise<T>;
  /** Writes everything queued now, synchronously (used before closing). */
  drain(): void;
  /** Refuses further writes; queued ones are still written by `drain`. */
  close(): void;
}

interface PendingWrite {
  check: () => void;
  /** Performs the write and returns what settles its promise once the batch is durable. */
  apply: () => () => void;
  reject: (error: Error) => void;
}

type Outcome = { ok: true; settle: () => void } | { ok: false; error: CaseflowError };

/** Thrown out of the fast path when a write failed after it started writing. */
class HalfWritten extends Error {}

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

  /** Refusal of a write whose check or apply threw; storage failures end the whole batch. */
  function refusal(error: unknown): Outcome {
    if (isBatchFailure(error) || !sqlite.inTransaction) throw error;
    return { ok: false, error: toStoreError(error) };
  }

  function fastPath(batch: PendingWrite[]): Outcome[] {
    const outcomes: Outcome[] = [];
    for (const pending of batch) {
      try {
        pending.check();
      } catch (error) {
        outcomes.push(refusal(error));
        continue;
      }
      try {
        outcomes.push({ ok: true, settle: pending.apply() });
      } catch (error) {
        if (isBatchFailure(error) || !sqlite.inTransaction) throw error;
        throw new HalfWritten('A write failed after it started', { cause: error });
      }
    }
    return outcomes;
  }

  function carefulPath(batch: PendingWrite[]): Outcome[] {
    const outcomes: Outcome[] = [];
    for (const pending of batch) {
      savepoint.run();
      try {
        pending.check();
        const settle = pending.apply();
        release.run();
        outcomes.push({ ok: true, settle });
      } catch (error) {
        const outcome = refusal(error);
        rollbackTo.run();
        release.run();
        outcomes.push(outcome);
      }
    }
    return outcomes;
  }

  function runBatch(batch: PendingWrite[]): void {
    let outcomes: Outcome[];
    try {
      begin.run();
      options.onBegin?.();
      try {
        outcomes = fastPath(batch);
      } catch (error) {
        if (!(error instanceof HalfWritten)) throw error;
        rollback.run();
        begin.run();
        options.onBegin?.();
        outcomes = carefulPath(batch);
      }
      commit.run();
    } catch (error) {
      abandon(batch, error);
      return;
    }
    options.onCommit?.();
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

  const gatherTurns = Math.max(1, options.gatherTurns ?? 2);

  /** Flushes after `turns` more turns of the event loop (each setImmediate waits for the next check phase). */
  function flushAfter(turns: number): void {
    if (turns <= 1) flush();
    else setImmediate(flushAfter, turns - 1);
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flushAfter, gatherTurns);
  }

  return {
    submit<T>(write: BatchedWrite<T>): Promise<T> {
      if (closed) return Promise.reject(new CaseflowError('internal', 'The store is closed'));
      return new Promise<T>((resolve, reject) => {
        const apply = () => {
          const value = write.apply();
          return () => {
            write.committed?.(value);
            resolve(value);
          };
        };
        queue.push({ check: write.check ?? (() => {}), apply, reject });
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
