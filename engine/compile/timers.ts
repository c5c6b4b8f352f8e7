/**
 * State timers: scheduled when their state is entered, cancelled when it is left, and, for
 * repeating timers, scheduled again after each firing until `max` firings.
 */
import { CaseflowError } from '../errors.js';
import { addSpan } from './durations.js';
import type { ExpressionScope } from './expressions.js';
import type { StatePlan, TimerPlan } from './plan.js';
import type { CancelTimer, ScheduleTimer } from './types.js';

/** Epoch ms of a CEL timestamp result (or an ISO string / epoch number). */
function timestampMs(value: unknown, source: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(ms)) throw new CaseflowError('internal', `timer time ${source} gave ${String(value)}, not a timestamp`);
  return ms;
}

/** When a timer first fires: at `at`, else `in` after now, else one `every` after now. */
function firstDue(timer: TimerPlan, scope: ExpressionScope, now: number): number {
  if (timer.at) return timestampMs(timer.at.raw(scope), timer.at.source);
  if (timer.in) return addSpan(timer.in.resolve(scope), now);
  if (timer.every) return addSpan(timer.every.resolve(scope), now);
  return now;
}

/** Schedules the first firing of a timer whose state was just entered. */
export function scheduleTimer(timer: TimerPlan, scope: ExpressionScope, now: number): ScheduleTimer {
  return { kind: 'timer.schedule', key: timer.key, dueAt: firstDue(timer, scope, now), count: 1 };
}

/** Cancels every timer of a state just left. */
export function cancelStateTimers(state: StatePlan): CancelTimer[] {
  return state.timers.map((timer) => ({ kind: 'timer.cancel', key: timer.key }));
}

/** The next firing of a repeating timer that has just fired for the `count`th time, if any. */
export function nextRepeat(timer: TimerPlan, count: number, scope: ExpressionScope, now: number): ScheduleTimer | undefined {
  if (!timer.every) return undefined;
  if (timer.max !== undefined && count >= timer.max) return undefined;
  return { kind: 'timer.schedule', key: timer.key, dueAt: addSpan(timer.every.resolve(scope), now), count: count + 1 };
}
