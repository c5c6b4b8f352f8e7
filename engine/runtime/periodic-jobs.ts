/**
 * Work that runs at moments of the calendar (the weekly digest on Monday 09:00, the monthly
 * report on the 1st): each job says when it is next due and what it does, and one loop runs it
 * then. A job runs once at start too, catching up a run missed while the server was down, so a
 * job's run must be idempotent (the reports are keyed by their period in the outbox).
 */
import { DateTime } from 'luxon';
import { ensureError } from '../errors.js';
import { singleServerLock, type SingletonLock } from './singleton-lock.js';
import type { Clock } from './types.js';

/** A job of the calendar. */
export interface PeriodicJob {
  /** Names the job in logs (and, on a shared database, its lock). */
  name: string;
  /** The first moment the job is due strictly after `after` (epoch ms). */
  next(after: number): number;
  /** Does the job's work at `now`. */
  run(now: number): Promise<void>;
}

/** Options of `startPeriodicJobs`. */
export interface PeriodicJobOptions {
  clock: Clock;
  /** Longest wait between looks at the clock, and the wait before a failed run is tried again (default 60 s). */
  pollMs?: number;
  /** Told about a failed run, with the job's name. */
  onError?: (error: Error, job: string) => void;
  /**
   * The database's singleton lock: servers sharing a database run a job of one name one at a
   * time, and a server that finds it running elsewhere skips that run (default: always runs).
   */
  lock?: SingletonLock;
}

/** Running jobs: explicit rounds for a manual clock, and the end. */
export interface PeriodicJobs {
  /** Runs every job due at the clock's now, after the round in progress; returns how many ran. */
  runDue(): Promise<number>;
  /** Stops the loop after the round in progress. */
  stop(): Promise<void>;
}

/** A next-run function: every `unit` (a week starting Monday, a month), `offsetMs` after its start in `zone`. */
export function calendarEvery(unit: 'week' | 'month', offsetMs: number, zone: string): (after: number) => number {
  return (after) => DateTime.fromMillis(after - offsetMs, { zone }).startOf(unit).plus({ [`${unit}s`]: 1 }).toMillis() + offsetMs;
}

/** Starts `jobs`: each runs now, then at each moment its `next` names; `stop` ends them. */
export function startPeriodicJobs(jobs: readonly PeriodicJob[], options: PeriodicJobOptions): PeriodicJobs {
  const pollMs = options.pollMs ?? 60_000;
  const lock = options.lock ?? singleServerLock;
  const start = options.clock.now();
  const due = new Map(jobs.map((job) => [job.name, start]));
  let round: Promise<number> = Promise.resolve(0);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const runOne = async (job: PeriodicJob, now: number): Promise<void> => {
    try {
      await lock.runAlone(job.name, () => job.run(now));
      due.set(job.name, job.next(now));
    } catch (caught) {
      due.set(job.name, now + pollMs);
      options.onError?.(ensureError(caught), job.name);
    }
  };

  const runRound = async (): Promise<number> => {
    const now = options.clock.now();
    const ready = jobs.filter((job) => (due.get(job.name) ?? now) <= now);
    for (const job of ready) await runOne(job, now);
    return ready.length;
  };

  const runDue = (): Promise<number> => {
    round = round.catch(() => 0).then(runRound);
    return round;
  };

  const wait = (): void => {
    if (stopped) return;
    const soonest = Math.min(...due.values());
    const ms = Math.max(1, Math.min(pollMs, soonest - options.clock.now()));
    timer = setTimeout(() => void runDue().finally(wait), ms);
  };

  void runDue().finally(wait);
  return {
    runDue,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round.catch(() => 0);
    },
  };
}
