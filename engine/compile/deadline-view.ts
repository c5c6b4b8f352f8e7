/**
 * Deadlines as people see them at a given moment: clock time used so far (business time on a
 * business calendar), when they fall due, whether they are overdue now, and whether the due
 * time lies past the dates their calendar lists holidays for.
 */
import { beyondCoverage } from './calendar.js';
import { clockCalendar, elapsedAt } from './clocks.js';
import type { ProcessPlan } from './plan.js';
import { SYSTEM_ACTOR } from './step.js';
import type { CaseSnapshot, DeadlineView } from './types.js';

/** The deadlines of a snapshot at `now`, in the order the process declares them. */
export function deadlineViews(plan: ProcessPlan, snapshot: CaseSnapshot, now: number, caseId: string): DeadlineView[] {
  const scope = { data: snapshot.data, actor: SYSTEM_ACTOR, now, caseId };
  const views: DeadlineView[] = [];
  for (const deadline of plan.deadlines.values()) {
    const clock = snapshot.clocks[deadline.id];
    if (!clock) continue;
    const calendar = clockCalendar(deadline, scope);
    const elapsedMs = elapsedAt(clock, now, calendar);
    const label = deadline.label ?? (deadline.state ? plan.states.get(deadline.state)?.definition.label : undefined);
    const view: DeadlineView = {
      id: deadline.id,
      status: clock.status,
      elapsedMs,
      withinMs: clock.withinMs,
      pauses: clock.pauses,
      overdue: clock.status !== 'stopped' && elapsedMs >= clock.withinMs,
    };
    if (label !== undefined) view.label = label;
    if (clock.dueAt !== undefined) view.dueAt = clock.dueAt;
    const beyond = calendar && clock.dueAt !== undefined ? beyondCoverage(calendar, clock.dueAt) : undefined;
    if (beyond !== undefined) view.beyondCalendar = beyond;
    views.push(view);
  }
  return views;
}
