/**
 * Deadline clocks. A clock runs while its state (or, for a process deadline, the case) is in
 * scope, pauses in `pausedIn` states keeping the time it has used, and stops for good when it
 * leaves `activeIn` or the case ends. Each mark is a timer `deadline:<id>:<mark>` that fires
 * once. Clock time is business time when the deadline's `within` is a business duration.
 */
import type { BusinessCalendar } from './calendar.js';
import { addBusinessMs, businessMsBetween } from './calendar.js';
import type { ExpressionScope } from './expressions.js';
import type { DeadlinePlan } from './plan.js';
import type { CancelTimer, ClockState, ScheduleTimer } from './types.js';

/** A clock after a change, and the timer effects that change needs. */
export interface ClockChange {
  clock: ClockState;
  effects: Array<ScheduleTimer | CancelTimer>;
}

/** The calendar a deadline's clock runs on, or undefined for wall time. */
export function clockCalendar(deadline: DeadlinePlan, scope: ExpressionScope): BusinessCalendar | undefined {
  return deadline.within.resolve(scope).calendar;
}

/** Clock time used so far, including the running stretch up to `now`. */
export function elapsedAt(clock: ClockState, now: number, calendar: BusinessCalendar | undefined): number {
  if (clock.status !== 'running') return clock.elapsedMs;
  const stretch = calendar ? businessMsBetween(calendar, clock.resumedAt, now) : Math.max(0, now - clock.resumedAt);
  return clock.elapsedMs + stretch;
}

/** Wall time at which a running clock shows `clockMs`. */
export function wallTimeOf(clock: ClockState, clockMs: number, calendar: BusinessCalendar | undefined): number {
  const remaining = clockMs - clock.elapsedMs;
  if (remaining <= 0) return clock.resumedAt;
  return calendar ? addBusinessMs(calendar, clock.resumedAt, remaining) : clock.resumedAt + remaining;
}

function withoutDue(clock: ClockState): ClockState {
  const { dueAt: _dropped, ...rest } = clock;
  return rest;
}

function scheduleMarks(deadline: DeadlinePlan, clock: ClockState, scope: ExpressionScope, calendar: BusinessCalendar | undefined): ScheduleTimer[] {
  return deadline.marks
    .filter((mark) => !clock.fired.includes(mark.name))
    .map((mark) => ({ kind: 'timer.schedule', key: mark.key, dueAt: wallTimeOf(clock, mark.at.resolve(scope).ms, calendar), count: 1 }));
}

function cancelMarks(deadline: DeadlinePlan, clock: ClockState): CancelTimer[] {
  return deadline.marks.filter((mark) => !clock.fired.includes(mark.name)).map((mark) => ({ kind: 'timer.cancel', key: mark.key }));
}

/** Starts a fresh clock at `now` and schedules its marks. */
export function startClock(deadline: DeadlinePlan, scope: ExpressionScope, now: number): ClockChange {
  const within = deadline.within.resolve(scope);
  const base: ClockState = { status: 'running', elapsedMs: 0, resumedAt: now, withinMs: within.ms, pauses: 0, fired: [] };
  const clock = { ...base, dueAt: wallTimeOf(base, within.ms, within.calendar) };
  return { clock, effects: scheduleMarks(deadline, clock, scope, within.calendar) };
}

/** Pauses a running clock: time used is kept, the pause counted, pending marks cancelled. */
function pauseClock(deadline: DeadlinePlan, clock: ClockState, scope: ExpressionScope, now: number): ClockChange {
  const elapsedMs = elapsedAt(clock, now, clockCalendar(deadline, scope));
  const paused = withoutDue({ ...clock, status: 'paused', elapsedMs, pauses: clock.pauses + 1 });
  return { clock: paused, effects: cancelMarks(deadline, clock) };
}

/** Resumes a paused clock with the time it had left. */
function resumeClock(deadline: DeadlinePlan, clock: ClockState, scope: ExpressionScope, now: number): ClockChange {
  const calendar = clockCalendar(deadline, scope);
  const base: ClockState = { ...clock, status: 'running', resumedAt: now };
  const running = { ...base, dueAt: wallTimeOf(base, clock.withinMs, calendar) };
  return { clock: running, effects: scheduleMarks(deadline, running, scope, calendar) };
}

/** Stops a clock for good. */
export function stopClock(deadline: DeadlinePlan, clock: ClockState, scope: ExpressionScope, now: number): ClockChange {
  const elapsedMs = elapsedAt(clock, now, clockCalendar(deadline, scope));
  const effects = clock.status === 'running' ? cancelMarks(deadline, clock) : [];
  return { clock: withoutDue({ ...clock, status: 'stopped', elapsedMs }), effects };
}

/** Where the case is, as the clocks see it. */
export interface ClockPosition {
  /** Names of every active state, nested ones included. */
  active: ReadonlySet<string>;
  done: boolean;
}

/** Whether one of `names` is active. */
function anyActive(names: ReadonlySet<string> | undefined, active: ReadonlySet<string>): boolean {
  if (names === undefined) return false;
  for (const name of names) if (active.has(name)) return true;
  return false;
}

/**
 * Brings one clock in line with where the case now is: start a process clock the first time
 * it is active, pause, resume or stop. State clocks are started and stopped on entry and exit.
 */
export function syncClock(
  deadline: DeadlinePlan,
  clock: ClockState | undefined,
  position: ClockPosition,
  scope: ExpressionScope,
  now: number,
): ClockChange | undefined {
  const inScope = deadline.state === undefined ? !position.done : position.active.has(deadline.state);
  const paused = inScope && anyActive(deadline.pausedIn, position.active);
  const active = inScope && (deadline.activeIn === undefined || anyActive(deadline.activeIn, position.active)) && (deadline.when === undefined || deadline.when.holds(scope));
  if (clock === undefined) {
    return deadline.state === undefined && active && !paused ? startClock(deadline, scope, now) : undefined;
  }
  if (clock.status === 'running') {
    if (paused) return pauseClock(deadline, clock, scope, now);
    if (!active) return stopClock(deadline, clock, scope, now);
  } else if (clock.status === 'paused') {
    if (paused) return undefined;
    if (active) return resumeClock(deadline, clock, scope, now);
    return stopClock(deadline, clock, scope, now);
  }
  return undefined;
}

