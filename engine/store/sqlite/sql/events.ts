/**
 * Reads of the event log: one case's chain, and every chain in (case, seq) order a page at a
 * time (keyset paging on the primary key, so a whole-database check never re-reads a row).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { joinChainChecks } from '../../../runtime/chain-walk.js';
import type { EventRecord } from '../../../runtime/store.js';
import type { ChainVerification } from '../../../runtime/types.js';
import { workerFlags } from '../../../worker-flags.js';
import type { ChainRange } from './chain-check-worker.js';
import { createChainRangeCheck } from './chain-range.js';
import { EVENT_COLUMNS, toEventRecord, type EventTuple } from './rows.js';

/** Event reads of a connection. */
export interface EventReads {
  caseEvents(caseId: string): EventRecord[];
  scan(after: { caseId: string; seq: number } | undefined, limit: number): EventRecord[];
  /** Checks every chain (see `Store.verifyChains`): in worker threads on a large file database, else here. */
  checkChains(): Promise<ChainVerification>;
}

/**
 * Below about this many events a worker costs more than it saves: from TypeScript sources it takes
 * about 0.3 s of CPU to start (tsx), and on a busy 2-core machine a second thread gains little.
 */
const WORKERS_FROM = 500_000;
/** Rows sampled to split the case ids into ranges of about equal numbers of events. */
const SAMPLES = 64;

/** Prepares the event reads on a connection; `workersFrom` events make a check use worker threads (tests lower it). */
export function createEventReads(sqlite: Database, options: { workersFrom?: number } = {}): EventReads {
  const workersFrom = options.workersFrom ?? WORKERS_FROM;
  const byCase = sqlite
    .prepare<[string], EventTuple>(`SELECT ${EVENT_COLUMNS} FROM events WHERE case_id = ? ORDER BY seq`)
    .raw();
  const first = sqlite.prepare<[number], EventTuple>(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY case_id, seq LIMIT ?`).raw();
  const next = sqlite
    .prepare<[string, number, number], EventTuple>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE (case_id, seq) > (?, ?) ORDER BY case_id, seq LIMIT ?`,
    )
    .raw();
  const rowids = sqlite.prepare<[], [number | null, number | null]>('SELECT min(rowid), max(rowid) FROM events').raw();
  const caseAt = sqlite.prepare<[number], [string]>('SELECT case_id FROM events WHERE rowid >= ? ORDER BY rowid LIMIT 1').raw();

  /** Checks the chains of the cases before `to` (all if undefined) on this connection, a page at a time. */
  async function checkHere(to?: string): Promise<ChainVerification> {
    const check = createChainRangeCheck(sqlite, undefined, to);
    while (!check.step()) await new Promise((resolve) => setImmediate(resolve));
    return check.result();
  }

  /** Case ids that cut the log into `parts` ranges of about equal numbers of events (rowids are spread over all events). */
  function splitPoints(low: number, high: number, parts: number): string[] {
    const sample: string[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const row = caseAt.get(Math.floor(low + ((high - low) * (i + 0.5)) / SAMPLES));
      if (row) sample.push(row[0]);
    }
    sample.sort();
    const cuts: string[] = [];
    for (let p = 1; p < parts; p++) {
      const cut = sample[Math.floor((sample.length * p) / parts)];
      if (cut !== undefined && cut !== cuts[cuts.length - 1]) cuts.push(cut);
    }
    return cuts;
  }

  return {
    caseEvents: (caseId) => byCase.all(caseId).map(toEventRecord),
    scan(after, limit) {
      const rows = after === undefined ? first.all(limit) : next.all(after.caseId, after.seq, limit);
      return rows.map(toEventRecord);
    },
    async checkChains() {
      const [low, high] = rowids.get() ?? [null, null];
      const parts = Math.min(availableParallelism(), 4);
      if (sqlite.memory || low === null || high === null || high - low + 1 < workersFrom || parts < 2) return checkHere();
      const cuts = splitPoints(low, high, parts);
      if (cuts.length === 0) return checkHere();
      // The first range is checked here (the event loop runs between its pages), the others in workers.
      const ranges: ChainRange[] = cuts.map((from, i) => ({ file: sqlite.name, from, to: cuts[i + 1] }));
      try {
        return joinChainChecks(await Promise.all([checkHere(cuts[0]), ...ranges.map(checkInWorker)]));
      } catch {
        return checkHere();
      }
    },
  };
}

/** From TypeScript sources a worker starts at a small JavaScript entry that loads tsx first. */
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './chain-check-worker.mjs' : './chain-check-worker.js', import.meta.url);

/** Checks one case-id range in a worker thread. */
function checkInWorker(range: ChainRange): Promise<ChainVerification> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: range, execArgv: workerFlags() });
    let answered = false;
    worker.once('message', (result: ChainVerification) => {
      answered = true;
      resolve(result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`chain check worker stopped with code ${code} before answering`));
    });
  });
}
