/**
 * The event loop's handle on the writer thread: starts it with the store, sends one batch at
 * a time and turns its answer back into refusals. If the thread stops before answering (it
 * crashed, or was stopped), its transaction died with its connection: whatever was not
 * committed was rolled back, so `landed` tells, commit by commit, whether the batch was written
 * before the thread stopped; the rest are refused, and the next batch starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import { CaseflowError, ensureError } from '../../errors.js';
import { workerFlags } from '../../worker-flags.js';
import type { EncodedCommit } from './sql/write-commit.js';
import type { WriterAnswer, WriterRequest, WriterSettings } from './writer-service.js';

/** The answer to a batch: a refusal or undefined per commit, and whether another connection committed meanwhile. */
export interface WriterResult {
  refusals: Array<CaseflowError | undefined>;
  foreign: boolean;
}

/** A writer thread as its store uses it. */
export interface WriterThread {
  /** Writes a batch in one transaction (an empty batch only looks for other connections' commits). */
  write(batch: EncodedCommit[]): Promise<WriterResult>;
  /** Tells the thread that this connection committed, so its next look does not count that commit as another's. */
  rebase(): void;
  /** Stops the thread after what it was sent. */
  close(): Promise<void>;
}

/** Options of `startWriterThread`. */
export interface WriterThreadOptions {
  /** Whether a commit of a batch lost with its thread is in the database (read on the store's connection). */
  landed: (change: EncodedCommit) => boolean;
  /** The thread's entry module (tests use one that fails on purpose). */
  entry?: URL;
}

/** From TypeScript sources the thread starts at a small JavaScript entry that loads tsx first. */
const defaultEntry = new URL(import.meta.url.endsWith('.ts') ? './writer-worker.mjs' : './writer-worker.js', import.meta.url);

interface Waiting {
  batch: EncodedCommit[];
  resolve: (result: WriterResult) => void;
}

/**
 * A writer thread on `settings.file`, started at once: loading it takes a moment (from
 * TypeScript sources, about a second of CPU), better spent while the server starts than on the
 * first commit. A thread that stopped is started again by the next batch.
 */
export function startWriterThread(settings: WriterSettings, options: WriterThreadOptions): WriterThread {
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();
  let stopped: Promise<void> | undefined;

  function answered(answer: WriterAnswer): void {
    const entry = waiting.get(answer.id);
    if (entry === undefined) return;
    waiting.delete(answer.id);
    if (waiting.size === 0) worker?.unref();
    entry.resolve({
      refusals: answer.refusals.map((refusal) =>
        refusal === null ? undefined : new CaseflowError(refusal.code, refusal.message, { details: refusal.details }),
      ),
      foreign: answer.foreign,
    });
  }

  /** The thread stopped: each waiting batch is answered from what the database holds. */
  function lost(stoppedWorker: Worker, reason: string): void {
    if (worker !== stoppedWorker) return;
    worker = undefined;
    const entries = [...waiting.values()];
    waiting.clear();
    for (const { batch, resolve } of entries) {
      resolve({
        refusals: batch.map((change) => {
          try {
            if (options.landed(change)) return undefined;
          } catch {
            // Unknown either way: the commit is refused, and its case is read afresh.
          }
          return new CaseflowError('internal', `The database writer stopped (${reason}) before this commit was written`);
        }),
        foreign: true,
      });
    }
  }

  function thread(): Worker {
    if (worker !== undefined) return worker;
    const started = new Worker(options.entry ?? defaultEntry, { workerData: settings, execArgv: workerFlags() });
    let failure = 'it exited';
    started.on('message', answered);
    started.on('error', (error: unknown) => {
      failure = ensureError(error).message;
    });
    started.on('exit', (code) => lost(started, `${failure}, code ${code}`));
    worker = started;
    return started;
  }

  function post(request: WriterRequest): void {
    thread().postMessage(request);
  }

  thread().unref();
  return {
    write(batch) {
      if (stopped !== undefined) return Promise.reject(new CaseflowError('internal', 'The store is closed'));
      return new Promise<WriterResult>((resolve) => {
        const id = nextId++;
        waiting.set(id, { batch, resolve });
        const target = thread();
        target.ref();
        try {
          target.postMessage({ kind: 'write', id, writes: batch } satisfies WriterRequest);
        } catch (error) {
          waiting.delete(id);
          resolve({ refusals: batch.map(() => new CaseflowError('internal', `A commit could not be sent to the database writer: ${String(error)}`)), foreign: false });
        }
      });
    },
    rebase() {
      if (worker !== undefined) post({ kind: 'rebase' });
    },
    close() {
      if (stopped !== undefined) return stopped;
      const current = worker;
      if (current === undefined) {
        stopped = Promise.resolve();
        return stopped;
      }
      stopped = new Promise<void>((resolve) => {
        current.once('exit', () => resolve());
        current.ref();
        current.postMessage({ kind: 'close' } satisfies WriterRequest);
      });
      return stopped;
    },
  };
}
