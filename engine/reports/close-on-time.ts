/**
 * 结案率: the share of complaints archived (`closed`, not merely resolved) within their close
 * deadline from registration (3 days, less for high tiers), with the late ones listed. A
 * complaint reopened after a dissatisfied callback counts by its final close; time spent waiting
 * for the customer does not count, as the process's own close clock pauses there.
 */
import { parseDuration } from '../dsl/duration.js';
import { decidedComplaints, deadlineRows, type DeadlineRateFigure } from './complaint-figures.js';
import { byLateness, lateCase, type LateCase } from './late-cases.js';
import { textField, type ReportCase, type ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** The close-on-time figure, with the deadline most complaints have (the process's `closeWithin`). */
export interface CloseOnTimeFigure extends DeadlineRateFigure {
  closeWithinMs: number;
}

/** Where one complaint stands against its close deadline as of `now`. */
interface CloseVerdict {
  outcome: 'met' | 'missed' | 'open';
  dueAt: number;
  /** When it was archived the last time, if it is archived now. */
  closedAt?: number;
}

/** Time spent in the paused states between registration and `until`, from the case's events. */
function pausedMs(item: ReportCase, pausedStates: string[], until: number): number {
  const events = item.events ?? [];
  let paused = 0;
  events.forEach((event, index) => {
    if (!pausedStates.includes(event.to)) return;
    const left = index + 1 < events.length ? events[index + 1].at : until;
    paused += Math.max(0, Math.min(left, until) - event.at);
  });
  return paused;
}

/** The verdict of one complaint: archived in time, archived late or overdue, or still in time. */
export function closeVerdict(item: ReportCase, now: number, settings: ReportSettings): CloseVerdict {
  const names = settings.complaints;
  const own = textField(item.data, names.closeWithinField);
  const withinMs = (own === undefined ? undefined : parseDuration(own)?.ms) ?? names.closeWithinMs;
  const closes = (item.events ?? []).filter((event) => event.to === names.closedState);
  const closedAt = item.state === names.closedState ? closes.at(-1)?.at : undefined;
  const until = closedAt ?? now;
  const dueAt = item.createdAt + withinMs + pausedMs(item, names.closePausedStates, until);
  if (closedAt !== undefined) return { outcome: closedAt <= dueAt ? 'met' : 'missed', dueAt, closedAt };
  return { outcome: now > dueAt ? 'missed' : 'open', dueAt };
}

/** Share of the complaints opened in the period that were archived within their close deadline. */
export function closedInTimeRate(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): CloseOnTimeFigure {
  const complaints = decidedComplaints(cases, scope, settings);
  const verdicts = new Map(complaints.map((item) => [item.id, closeVerdict(item, scope.now, settings)]));
  const verdictOf = (item: ReportCase): CloseVerdict => verdicts.get(item.id) ?? closeVerdict(item, scope.now, settings);
  const late = complaints.flatMap((item): LateCase[] => {
    const verdict = verdictOf(item);
    if (verdict.outcome !== 'missed') return [];
    return [lateCase(item, settings, verdict.dueAt, (verdict.closedAt ?? scope.now) - verdict.dueAt, verdict.closedAt === undefined)];
  });
  return {
    ...deadlineRows(complaints, scope, settings, (item) => verdictOf(item).outcome),
    late: byLateness(late),
    closeWithinMs: settings.complaints.closeWithinMs,
  };
}
