/**
 * Complaint figures: complaints per 10,000 users a month against the control line, and first
 * replies within their deadline (24 h) with the late ones listed.
 */
import { deadlineOutcome } from './deadline-outcome.js';
import { lateFirstReplies, type LateCase } from './late-cases.js';
import { casesInScope, groupBy, NO_UNIT, percent, round, textField, type ReportCase, type ReportScope } from './report-case.js';
import { monthlyScope, monthsBetween } from './report-period.js';
import type { ReportSettings } from './report-settings.js';

/** Complaints of one unit against its user count. */
export interface ComplaintRateRow {
  unit: string;
  complaints: number;
  /** Users configured for the unit; null when the YAML gives none. */
  users: number | null;
  /** Complaints per 10,000 users per month (the control line is monthly). */
  ratePer10k: number | null;
  overLine: boolean | null;
}

/** Complaint rate per 10,000 users a month, by unit and in all. */
export interface ComplaintRateFigure {
  controlLine: number;
  /** The period counted (a month unless asked otherwise) and its length in months. */
  period: { from: number; to: number; months: number };
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

/** A deadline rate by unit and in all, with the cases that missed it. */
export interface DeadlineRateFigure {
  units: DeadlineRateRow[];
  total: DeadlineRateRow;
  /** The late cases, latest first (定期通报处理历时超出标准的情况). */
  late: LateCase[];
}

/** The business unit of a case, or `(none)`. */
export const unitKey = (settings: ReportSettings) => (item: ReportCase) => textField(item.data, settings.unitField) ?? NO_UNIT;

function rateRow(unit: string, complaints: number, users: number | null, months: number, line: number): ComplaintRateRow {
  const ratePer10k = users === null || users <= 0 || months <= 0 ? null : round((complaints / users / months) * 10_000);
  return { unit, complaints, users, ratePer10k, overLine: ratePer10k === null ? null : ratePer10k > line };
}

/**
 * Complaints opened in the period per 10,000 users of their unit and per month, against the
 * monthly control line; without a period, the month containing `scope.now`.
 */
export function complaintRate(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): ComplaintRateFigure {
  const { usersByUnit, controlLine } = settings.complaints;
  const period = monthlyScope(scope, settings.timezone);
  const months = round(monthsBetween(period.from, period.to, settings.timezone), 4);
  const complaints = casesInScope(cases, settings.complaints.process, period, settings.unitField);
  const byUnit = groupBy(complaints, unitKey(settings));
  const unitNames = scope.unit !== undefined ? [scope.unit] : [...new Set([...Object.keys(usersByUnit), ...byUnit.keys()])].sort();
  const units = unitNames.map((unit) => rateRow(unit, byUnit.get(unit)?.length ?? 0, usersByUnit[unit] ?? null, months, controlLine));
  const counted = units.filter((row) => row.users !== null);
  const users = counted.length === 0 ? null : counted.reduce((sum, row) => sum + (row.users ?? 0), 0);
  const countedComplaints = counted.reduce((sum, row) => sum + row.complaints, 0);
  const rate = rateRow(scope.unit ?? 'all', countedComplaints, users, months, controlLine);
  const total = { ...rate, complaints: complaints.length, uncounted: complaints.length - countedComplaints };
  return { controlLine, period: { from: period.from, to: period.to, months }, units, total };
}

/** Complaints of the scope that count for a deadline rate (a withdrawn complaint is neither met nor missed). */
export function decidedComplaints(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): ReportCase[] {
  return casesInScope(cases, settings.complaints.process, scope, settings.unitField).filter(
    (item) => !settings.complaints.excludedStates.includes(item.state),
  );
}

/** Rows by unit and in all, from each case's outcome. */
export function deadlineRows(items: ReportCase[], scope: ReportScope, settings: ReportSettings, outcome: (item: ReportCase) => 'met' | 'missed' | 'open'): Pick<DeadlineRateFigure, 'units' | 'total'> {
  const row = (unit: string, group: ReportCase[]): DeadlineRateRow => {
    const tally = { met: 0, missed: 0, open: 0 };
    for (const item of group) tally[outcome(item)] += 1;
    return { unit, ...tally, rate: percent(tally.met, tally.met + tally.missed) };
  };
  const units = [...groupBy(items, unitKey(settings))].sort(([a], [b]) => a.localeCompare(b)).map(([unit, group]) => row(unit, group));
  return { units, total: row(scope.unit ?? 'all', items) };
}

/** Share of complaints that got their first reply before the first-reply deadline (24 h), and the late ones. */
export function firstReplyRate(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): DeadlineRateFigure {
  const complaints = decidedComplaints(cases, scope, settings);
  const clockId = settings.complaints.firstReplyClock;
  return {
    ...deadlineRows(complaints, scope, settings, (item) => deadlineOutcome(item.clocks[clockId], scope.now)),
    late: lateFirstReplies(complaints, scope.now, settings),
  };
}
