/**
 * The writer thread's side: its own connection to the database file, the commit statements, and
 * the batch runner, answering each batch of case commits once it is durable (or refused). It
 * also says whether another connection committed since its previous look: SQLite's
 * `data_version` of a connection moves only for other connections' commits, and while the
 * thread holds the write lock (from BEGIN IMMEDIATE) nobody else can commit.
 */
import type { MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CaseflowErrorCode } from '../../errors.js';
import { createBatchRunner, type BatchHooks } from './batch-runner.js';
import { checkCommit, prepareCommitStatements, writeCommit, type EncodedCommit, type PriorCase } from './sql/write-commit.js';
import { configureConnection } from './connection.js';

/** What the thread needs to open its connection. */
export interface WriterSettings {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
}

/** A request to the thread: a batch to write (none: only look for other commits), a new look, or the end. */
export type WriterRequest =
  | { kind: 'write'; id: number; writes: EncodedCommit[] }
  | { kind: 'rebase' }
  | { kind: 'close' };

/** A refusal as it crosses to the event loop. */
export interface WireRefusal {
  code: CaseflowErrorCode;
  message: string;
  details?: unknown;
}

/** The thread's answer to a `write`: one refusal or null per write, in order. */
export interface WriterAnswer {
  kind: 'written';
  id: number;
  refusals: Array<WireRefusal | null>;
  /** Another connection committed since the thread's previous look. */
  foreign: boolean;
}

/** What a caller of `serveWriter` may add: a look at the connection once open, and a step before each COMMIT. */
export interface WriterHooks extends Pick<BatchHooks, 'beforeCommit'> {
  opened?: (sqlite: Database.Database) => void;
}

/** Serves write requests arriving on `port` until told to close. */
export function serveWriter(port: MessagePort, settings: WriterSettings, hooks: WriterHooks = {}): void {
  const sqlite = new Database(settings.file, { fileMustExist: true, timeout: settings.busyTimeoutMs });
  configureConnection(sqlite, settings.synchronous);
  hooks.opened?.(sqlite);
  const statements = prepareCommitStatements(sqlite);
  const dataVersion = sqlite.prepare<[], number>('PRAGMA data_version').pluck();
  let seen = dataVersion.get();
  /** Whether another connection committed since the last look. */
  const moved = (): boolean => {
    const version = dataVersion.get();
    const changed = version !== seen;
    seen = version;
    return changed;
  };
  let foreign = false;
  const run = createBatchRunner(sqlite, {
    onBegin: () => {
      foreign = moved() || foreign;
    },
    beforeCommit: hooks.beforeCommit,
  });

  port.on('message', (request: WriterRequest) => {
    if (request.kind === 'rebase') {
      seen = dataVersion.get();
      return;
    }
    if (request.kind === 'close') {
      sqlite.close();
      port.close();
      return;
    }
    const refusals: Array<WireRefusal | null> = request.writes.map(() => null);
    foreign = false;
    if (request.writes.length === 0) foreign = moved();
    else {
      run(request.writes.map((change, index) => {
        let prior: PriorCase | undefined;
        return {
          check: () => {
            prior = checkCommit(statements, change);
          },
          apply: () => {
            writeCommit(statements, change, prior);
            return () => {};
          },
          reject: (error) => {
            refusals[index] = { code: error.code, message: error.message, details: error.details };
          },
        };
      }));
    }
    const answer: WriterAnswer = { kind: 'written', id: request.id, refusals, foreign };
    port.postMessage(answer);
  });
}
