/** Whether a deadline was met, from the deadline clock the case keeps in its snapshot. */
import type { ClockState } from '../compile/types.js';

/** `met`: stopped in time; `missed`: breached or overdue; `open`: still running in time (or never started). */
export type DeadlineOutcome = 'met' | 'missed' | 'open';

/**
 * The outcome of one deadline clock as of `now`. A breach mark or clock time beyond the
 * deadline is a miss even when the breach timer has not fired yet (the server was down).
 */
export function deadlineOutcome(clock: ClockState | undefined, now: number): DeadlineOutcome {
  if (clock === undefined) return 'open';
  if (clock.fired.includes('breach')) return 'missed';
  // elapsedMs is on the clock's own calendar, so a running clock is judged by its wall-time due.
  const overdue = clock.status === 'running' ? clock.dueAt !== undefined && now > clock.dueAt : clock.elapsedMs > clock.withinMs;
  if (overdue) return 'missed';
  return clock.status === 'stopped' ? 'met' : 'open';
}
