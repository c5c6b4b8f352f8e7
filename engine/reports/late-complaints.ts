/** Complaints past their close deadline (定期通报处理历时超出标准的情况, 001): the late-case list of the monthly report. */
import type { ClockState } from '../compile/types.js';
import { deadlineOutcome } from './deadline-outcome.js';
import { casesInScope, textField, type ReportCase, type ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** One late complaint. */
export interface LateComplaint {
  id: string;
  unit: string | null;
  customer: string | null;
  category: string | null;
  state: string;
  openedAt: number;
  /** Closed (archived) late, or still open past the deadline. */
  closed: boolean;
  /** How far past the close deadline, in hours with one decimal (as of the report, for an open one). */
  lateHours: number;
}

/** The late complaints, latest first. */
export interface LateComplaintsFigure {
  complaints: LateComplaint[];
}

function lateMs(clock: ClockState, now: number): number {
  if (clock.status === 'running' && clock.dueAt !== undefined) return Math.max(0, now - clock.dueAt);
  return Math.max(0, clock.elapsedMs - clock.withinMs);
}

/** Complaints opened in the period whose close deadline was missed, most late first. */
export function lateComplaints(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): LateComplaintsFigure {
  const names = settings.complaints;
  const complaints = casesInScope(cases, names.process, scope, settings.unitField)
    .filter((item) => !names.excludedStates.includes(item.state))
    .flatMap((item): LateComplaint[] => {
      const clock = item.clocks[names.closeClock];
      if (clock === undefined || deadlineOutcome(clock, scope.now) !== 'missed') return [];
      return [{
        id: item.id,
        unit: textField(item.data, settings.unitField) ?? null,
        customer: textField(item.data, 'customer.name') ?? null,
        category: textField(item.data, 'category') ?? null,
        state: item.state,
        openedAt: item.createdAt,
        closed: item.status === 'done',
        lateHours: Math.round(lateMs(clock, scope.now) / 360_000) / 10,
      }];
    });
  return { complaints: complaints.sort((a, b) => b.lateHours - a.lateHours || a.id.localeCompare(b.id)) };
}
