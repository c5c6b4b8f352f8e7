/**
 * Sources of time for the engine. The machine never reads a clock; the runtime passes `now` in.
 */
import type { Clock } from './types.js';

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests, simulations and `CASEFLOW_CLOCK=manual`. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` and returns the new time. */
  advance(ms: number): number;
  /** Sets the time to `t` (epoch ms). */
  set(t: number): void;
}

/** Creates a manual clock starting at `start` (epoch ms, default now). */
export function manualClock(start: number = Date.now()): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms: number): number {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance a clock by ${ms} ms`);
      current += ms;
      return current;
    },
    set(t: number): void {
      if (!Number.isFinite(t)) throw new RangeError(`cannot set a clock to ${t}`);
      current = t;
    },
  };
}

/** True for a clock that can be moved by hand. */
export function isManualClock(clock: Clock): clock is ManualClock {
  return 'advance' in clock && 'set' in clock;
}
