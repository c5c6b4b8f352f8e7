/**
 * Group commit: writes submitted during two turns of the event loop share ONE transaction and so
 * one fsync, and every promise settles only after the outer COMMIT. The second turn lets the
 * requests whose bytes arrive meanwhile join the batch: over HTTP, events that are sent side by
 * side reach the server over several turns, and each batch costs a BEGIN, a COMMIT and an fsync.
 *
 * With a writer thread, case commits are sent to it in batches and written there, so the event
 * loop keeps serving requests while a batch is written and synced; one batch is out at a time,
 * and the commits that arrive meanwhile form the next. The other writes (closures over this
 * connection) are written here, between the thread's batches, in submission order.
 */
import type { Database } from 'better-sqlite3';
import { CaseflowError } from '../../errors.js';
import { createBatchRunner, type PendingWrite } from './batch-runner.js';
import type { EncodedCommit } from './sql/write-commit.js';
import { toStoreError } from './sqlite-errors.js';
import type { WriterThread } from './writer-thread.js';

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
  /** Called right after each BEGIN IMMEDIATE on this connection. */
  onBegin?: () => void;
  /** Called right after each successful COMMIT on this connection, before any write of the batch settles. */
  onCommit?: () => void;
  /** The thread that writes case commits; without it every write is written here. */
  writer?: WriterThread;
  /**
   * Called when the writer thread answers, before any write of its batch settles: `foreign` when
   * another connection committed since the thread's previous look.
   */
  onWriterAnswer?: (foreign: boolean) => void;
}

/** A queue of writes flushed in shared transactions. */
export interface GroupCommit {
  /** Queues a write; resolves with its result once the batch holding it is durable. */
  submit<T>(write: BatchedWrite<T>): Promise<T>;
  /** Queues a case commit (written by the writer thread if there is one); resolves once durable. */
  submitCommit(change: EncodedCommit, committed: () => void, check: () => () => void): Promise<void>;
  /** Whether a batch of the writer thread is being written (its commits are not yet known here). */
  writing(): boolean;
  /** Writes everything queued, and waits for the writer thread's batch (used before closing). */
  drain(): Promise<void>;
  /** Refuses further writes; queued ones are still written by `drain`. */
  close(): void;
}

/** A queued write: local ones run on this connection, a commit for the thread carries `remote`. */
interface QueuedWrite extends PendingWrite {
  remote?: EncodedCommit;
  /** Settles a remote write once its batch is durable. */
  done?: () => void;
}

/** Creates the group-commit queue of a connection. */
export function createGroupCommit(sqlite: Database, options: GroupCommitOptions): GroupCommit {
  const runBatch = createBatchRunner(sqlite, options);
  const writer = options.writer;
  let queue: QueuedWrite[] = [];
  let scheduled = false;
  let closed = false;
  /** A batch (or a look for other connections' commits) is out with the writer thread. */
  let out: 'batch' | 'look' | undefined;
  let idle: Array<() => void> = [];

  /** The writes of the next batch: the queue's first run of local or of remote writes. */
  function nextBatch(): QueuedWrite[] {
    const remote = queue[0].remote !== undefined;
    let size = 1;
    while (size < queue.length && size < options.maxBatch && (queue[size].remote !== undefined) === remote) size += 1;
    const batch = size === queue.length ? queue : queue.slice(0, size);
    queue = size === queue.length ? [] : queue.slice(size);
    return batch;
  }

  function flush(): void {
    scheduled = false;
    if (out !== undefined || queue.length === 0) return settleIdle();
    const batch = nextBatch();
    if (queue.length > 0) schedule();
    if (batch[0].remote === undefined) {
      runBatch(batch);
      // Anything this connection wrote is another connection's commit for the thread: it is told.
      writer?.rebase();
    } else {
      send(batch);
    }
    settleIdle();
  }

  /** Sends a batch of commits to the writer thread; the next one goes when it answers. */
  function send(batch: QueuedWrite[]): void {
    if (writer === undefined) return;
    out = 'batch';
    writer.write(batch.map((pending) => pending.remote as EncodedCommit)).then(
      ({ refusals, foreign }) => {
        out = undefined;
        // The next batch goes whatever happens here: a throw must not stall the queue.
        try {
          options.onWriterAnswer?.(foreign);
          batch.forEach((pending, index) => {
            const refusal = refusals[index];
            if (refusal === undefined) pending.done?.();
            else pending.reject(refusal);
          });
        } finally {
          afterBatch();
        }
      },
      (error: unknown) => {
        out = undefined;
        const failure = toStoreError(error);
        options.onWriterAnswer?.(true);
        for (const pending of batch) pending.reject(failure);
        afterBatch();
      },
    );
  }

  /**
   * After a batch, the next one goes at once (its commits waited while this one was written). If
   * none is waiting, the thread looks once more for other connections' commits: one that landed
   * after this batch's COMMIT, before the answer was read here, is only visible to it.
   */
  function afterBatch(): void {
    if (queue.length > 0 && queue[0].remote !== undefined) return flush();
    if (writer !== undefined) {
      out = 'look';
      writer.write([]).then(
        ({ foreign }) => {
          out = undefined;
          if (foreign) options.onWriterAnswer?.(true);
          flush();
        },
        () => {
          out = undefined;
          options.onWriterAnswer?.(true);
          flush();
        },
      );
    }
  }

  function settleIdle(): void {
    if (out !== undefined || queue.length > 0 || idle.length === 0) return;
    const waiting = idle;
    idle = [];
    for (const resolve of waiting) resolve();
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

  function enqueue(pending: QueuedWrite): void {
    queue.push(pending);
    if (out === undefined) schedule();
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
        enqueue({ check: write.check ?? (() => {}), apply, reject });
      });
    },
    submitCommit(change, committed, check) {
      if (closed) return Promise.reject(new CaseflowError('internal', 'The store is closed'));
      return new Promise<void>((resolve, reject) => {
        if (writer === undefined) {
          let write: () => void = () => {};
          enqueue({
            check: () => {
              write = check();
            },
            apply: () => {
              write();
              return () => {
                committed();
                resolve();
              };
            },
            reject,
          });
          return;
        }
        const done = () => {
          committed();
          resolve();
        };
        enqueue({ remote: change, done, check: () => {}, apply: () => done, reject });
      });
    },
    writing: () => out === 'batch',
    drain(): Promise<void> {
      if (out === undefined) while (queue.length > 0 && out === undefined) flush();
      if (out === undefined && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
    close(): void {
      closed = true;
    },
  };
}
