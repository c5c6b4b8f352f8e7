/**
 * One batch of writes in one transaction, on whichever connection writes (the event loop's, or
 * the writer thread's). A write has a read-only `check` that refuses it (stale revision, used
 * key…) before anything is written, and an `apply` that writes. Refused writes leave no trace,
 * so the batch needs no savepoints. Only if an `apply` fails halfway is the batch rolled back and
 * replayed in careful mode, one SAVEPOINT per write, so the failed write is rejected alone while
 * the others land. A storage failure (disk full, I/O) refuses the whole batch.
 */
import type { Database } from 'better-sqlite3';
import type { CaseflowError } from '../../errors.js';
import { isBatchFailure, toStoreError } from './sqlite-errors.js';

/** A write as the runner takes it: `apply` returns what settles it once the batch is durable. */
export interface PendingWrite {
  check: () => void;
  apply: () => () => void;
  reject: (error: CaseflowError) => void;
}

/** What the runner calls around each transaction. */
export interface BatchHooks {
  /** Right after each BEGIN IMMEDIATE. */
  onBegin?: () => void;
  /** After the writes, before COMMIT (a failure here ends the batch as a storage failure would). */
  beforeCommit?: () => void;
  /** Right after each successful COMMIT, before any write of the batch settles. */
  onCommit?: () => void;
}

type Outcome = { ok: true; settle: () => void } | { ok: false; error: CaseflowError };

/** Thrown out of the fast path when a write failed after it started writing. */
class HalfWritten extends Error {}

/** Prepares the transaction statements of a connection; the result writes one batch, synchronously. */
export function createBatchRunner(sqlite: Database, hooks: BatchHooks = {}): (batch: PendingWrite[]) => void {
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  const rollback = sqlite.prepare('ROLLBACK');
  const savepoint = sqlite.prepare('SAVEPOINT write');
  const release = sqlite.prepare('RELEASE write');
  const rollbackTo = sqlite.prepare('ROLLBACK TO write');

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

  function abandon(batch: PendingWrite[], cause: unknown): void {
    const failure = toStoreError(cause);
    try {
      if (sqlite.inTransaction) rollback.run();
    } catch {
      // The transaction is already gone; the failure reported below is the useful one.
    }
    for (const pending of batch) pending.reject(failure);
  }

  return (batch) => {
    let outcomes: Outcome[];
    try {
      begin.run();
      hooks.onBegin?.();
      try {
        outcomes = fastPath(batch);
      } catch (error) {
        if (!(error instanceof HalfWritten)) throw error;
        rollback.run();
        begin.run();
        hooks.onBegin?.();
        outcomes = carefulPath(batch);
      }
      hooks.beforeCommit?.();
      commit.run();
    } catch (error) {
      abandon(batch, error);
      return;
    }
    hooks.onCommit?.();
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) outcome.settle();
      else pending.reject(outcome.error);
    });
  };
}
