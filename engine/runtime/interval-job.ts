/**
 * Work that runs every so often in real time (sealed checkpoints): one run at a time, the first
 * at once, the next `intervalMs` after the last ended, and, given the database's singleton lock,
 * on one server at a time. Work due at moments of the case clock's calendar (the weekly digest,
 * the monthly report) is a `PeriodicJob` (periodic-jobs.ts) instead.
 */
import { ensureError } from '../errors.js';
import { singleServerLock, type SingletonLock } from './singleton-lock.js';

/** Options of `startIntervalJob`. */
export interface IntervalJobOptions {
  /** Names the job in the singleton lock: servers sharing a database run a job of one name one at a time. */
  name: string;
  /** Pause between the end of one run and the next. */
  intervalMs: number;
  run: () => Promise<void>;
  /** The database's singleton lock (default: this server runs every time). */
  lock?: SingletonLock;
  /** Start with a pause instead of a run. */
  delayFirst?: boolean;
  onError?: (error: Error) => void;
}

/** A running periodic job. */
export interface IntervalJob {
  /** Ends the job after the run in progress. */
  stop(): Promise<void>;
}

/** Starts `options.run` now (or after one pause) and again after each pause until stopped. */
export function startIntervalJob(options: IntervalJobOptions): IntervalJob {
  const lock = options.lock ?? singleServerLock;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = async (): Promise<void> => {
    try {
      await lock.runAlone(options.name, options.run);
    } catch (caught) {
      options.onError?.(ensureError(caught));
    }
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => (running = tick()), options.intervalMs);
    timer.unref();
  };
  if (options.delayFirst) schedule();
  else running = tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
