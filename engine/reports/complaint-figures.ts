/**
 * Complaint figures: rate per 10,000 users against the control line, first reply within its
 * deadline (24 h), closed within its deadline (3 days), satisfaction against its line.
 */
import { deadlineOutcome } from './deadline-outcome.js';
import { casesInScope, fieldValue, groupBy, NO_UNIT, percent, round, textField, type ReportCase, type ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** Complaints of one unit against its user count. */
export interface ComplaintRateRow {
  unit: string;
  complaints: number;
  /** Users configured for the unit; null when the YAML gives none. */
  users: number | null;
  ratePer10k: number | null;
  overLine: boolean | null;
}

/** Complaint rate per 10,000 users, by unit and in all. */
export interface ComplaintRateFigure {
  controlLine: number;
  units: ComplaintRateRow[];
  /**
   * Every complaint; users and rate over the units that have a user count, so a unit missing
   * from the YAML does not dilute the rate.
   */
  total: ComplaintRateRow & {
    /** Complaints of units without a user count (left out of the rate). */
    uncounted: number;
  };
}

/** How many deadlines of one unit were met, missed, or are still open. */
export interface DeadlineRateRow {
  unit: string;
  met: number;
  missed: number;
  open: number;
  /** met / (met + missed), in percent; open cases are not decided yet. */
  rate: number | null;
}

/** A deadline rate by unit and in all. */
export interface DeadlineRateFigure {
  units: DeadlineRateRow[];
  total: DeadlineRateRow;
}

/** Satisfaction of one unit: mean score of the callbacks that gave one. */
export interface SatisfactionRow {
  unit: string;
  responses: number;
  /** Callbacks answered `satisfied` (or scoring at least the line). */
  satisfied: number;
  /** Mean score 0–100; `satisfied` counts 100 and `dissatisfied` 0, so it is the satisfied share. */
  score: number | null;
  belowLine: boolean | null;
}

/** Satisfaction by unit and in all, against the line. */
export interface SatisfactionFigure {
  line: number;
  units: SatisfactionRow[];
  total: SatisfactionRow;
}

const unitKey = (settings: ReportSettings) => (item: ReportCase) => textField(item.data, settings.unitField) ?? NO_UNIT;

function rateRow(unit: string, complaints: number, users: number | null, line: number): ComplaintRateRow {
  const ratePer10k = users === null || users <= 0 ? null : round((complaints / users) * 10_000);
  return { unit, complaints, users, ratePer10k, overLine: ratePer10k === null ? null : ratePer10k > line };
}

/** Complaints opened in the period per 10,000 users of their unit, against the control line. */
export function complaintRate(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): ComplaintRateFigure {
  const { usersByUnit, controlLine } = settings.complaints;
  const complaints = casesInScope(cases, settings.complaints.process, scope, settings.unitField);
  const byUnit = groupBy(complaints, unitKey(settings));
  const unitNames = scope.unit !== undefined ? [scope.unit] : [...new Set([...Object.keys(usersByUnit), ...byUnit.keys()])].sort();
  const units = unitNames.map((unit) => rateRow(unit, byUnit.get(unit)?.length ?? 0, usersByUnit[unit] ?? null, controlLine));
  const counted = units.filter((row) => row.users !== null);
  const users = counted.length === 0 ? null : counted.reduce((sum, row) => sum + (row.users ?? 0), 0);
  const countedComplaints = counted.reduce((sum, row) => sum + row.complaints, 0);
  const rate = rateRow(scope.unit ?? 'all', countedComplaints, users, controlLine);
  const total = { ...rate, complaints: complaints.length, uncounted: complaints.length - countedComplaints };
  return { controlLine, units, total };
}

function deadlineRate(cases: ReportCase[], scope: ReportScope, settings: ReportSettings, clockId: string): DeadlineRateFigure {
  const complaints = casesInScope(cases, settings.complaints.process, scope, settings.unitField).filter(
    (item) => !settings.complaints.excludedStates.includes(item.state),
  );
  const row = (unit: string, items: ReportCase[]): DeadlineRateRow => {
    const tally = { met: 0, missed: 0, open: 0 };
    for (const item of items) tally[deadlineOutcome(item.clocks[clockId], scope.now)] += 1;
    return { unit, ...tally, rate: percent(tally.met, tally.met + tally.missed) };
  };
  const units = [...groupBy(complaints, unitKey(settings))].sort(([a], [b]) => a.localeCompare(b)).map(([unit, items]) => row(unit, items));
  return { units, total: row(scope.unit ?? 'all', complaints) };
}

/** Share of complaints that got their first reply before the first-reply deadline (24 h). */
export function firstReplyRate(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): DeadlineRateFigure {
  return deadlineRate(cases, scope, settings, settings.complaints.firstReplyClock);
}

/** Share of complaints closed before the close deadline (3 days after registration). */
export function closedInTimeRate(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): DeadlineRateFigure {
  return deadlineRate(cases, scope, settings, settings.complaints.closeClock);
}

/** A callback's answer as a score 0–100: a number as it is, `satisfied` 100, `dissatisfied` 0. */
export function satisfactionScore(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value === 'satisfied') return 100;
  if (value === 'dissatisfied') return 0;
  return undefined;
}

/** Mean satisfaction score (0–100) of the complaints' callbacks, against the line (80). */
export function satisfaction(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): SatisfactionFigure {
  const { satisfactionField, satisfactionLine: line } = settings.complaints;
  const complaints = casesInScope(cases, settings.complaints.process, scope, settings.unitField);
  const row = (unit: string, items: ReportCase[]): SatisfactionRow => {
    const scores = items.flatMap((item) => satisfactionScore(fieldValue(item.data, satisfactionField)) ?? []);
    const score = scores.length === 0 ? null : round(scores.reduce((sum, value) => sum + value, 0) / scores.length, 1);
    return { unit, responses: scores.length, satisfied: scores.filter((value) => value >= line).length, score, belowLine: score === null ? null : score < line };
  };
  const units = [...groupBy(complaints, unitKey(settings))].sort(([a], [b]) => a.localeCompare(b)).map(([unit, items]) => row(unit, items));
  return { line, units, total: row(scope.unit ?? 'all', complaints) };
}
