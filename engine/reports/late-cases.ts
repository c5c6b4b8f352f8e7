/** Cases past a deadline, for the lists that go beside a rate (定期通报处理历时超出标准的情况, 001). */
import { deadlineOutcome } from './deadline-outcome.js';
import { textField, type ReportCase } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** A case that missed its deadline: when it was due and by how much it was (or still is) late. */
export interface LateCase {
  id: string;
  unit?: string;
  dueAt: number;
  /** Done late: the time past the due time; still open: the time from due to the report's `now`. */
  lateMs: number;
  /** True while the case has still not done what was due. */
  stillOpen: boolean;
}

/** The late cases, latest first (ties by id). */
export function byLateness(cases: LateCase[]): LateCase[] {
  return [...cases].sort((a, b) => b.lateMs - a.lateMs || a.id.localeCompare(b.id));
}

/** A late case of `item`, with its unit when it has one. */
export function lateCase(item: ReportCase, settings: ReportSettings, dueAt: number, lateMs: number, stillOpen: boolean): LateCase {
  const unit = textField(item.data, settings.unitField);
  return { id: item.id, ...(unit === undefined ? {} : { unit }), dueAt, lateMs: Math.max(0, lateMs), stillOpen };
}

/** Complaints whose first reply was late or is overdue, from their first-reply clock. */
export function lateFirstReplies(complaints: ReportCase[], now: number, settings: ReportSettings): LateCase[] {
  const clockId = settings.complaints.firstReplyClock;
  return byLateness(complaints.flatMap((item): LateCase[] => {
    const clock = item.clocks[clockId];
    if (clock === undefined || deadlineOutcome(clock, now) !== 'missed') return [];
    if (clock.status === 'running') {
      const dueAt = clock.dueAt ?? item.createdAt + clock.withinMs;
      return [lateCase(item, settings, dueAt, now - dueAt, true)];
    }
    return [lateCase(item, settings, item.createdAt + clock.withinMs, clock.elapsedMs - clock.withinMs, false)];
  }));
}
