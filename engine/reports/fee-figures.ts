/** Fee figures: requests by state, approval lead time, and spend against budget. */
import { casesInScope, groupBy, NO_UNIT, numberField, percent, round, textField, type ReportCase, type ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** Requests in one state. */
export interface FeeStateRow {
  state: string;
  requests: number;
  budget: number;
}

/** Time from entering review to approval, over the requests approved so far. */
export interface ApprovalLeadTime {
  approved: number;
  meanHours: number | null;
  medianHours: number | null;
  maxHours: number | null;
}

/** Spend against budget of one unit, over requests whose spend is reported. */
export interface FeeSpendRow {
  unit: string;
  requests: number;
  budget: number;
  spend: number;
  /** spend / budget in percent. */
  used: number | null;
  /** Requests whose spend exceeds the budget beyond the tolerance the process reimburses within. */
  overBudget: number;
}

/** Fee requests opened in the period. */
export interface FeeFigure {
  /** The overspend tolerance in percent (10 % by default): spend within budget × (1 + it) is not over. */
  tolerancePercent: number;
  byState: FeeStateRow[];
  leadTime: ApprovalLeadTime;
  spend: FeeSpendRow[];
  total: FeeSpendRow;
}

const HOUR = 3_600_000;

/** Hours from first entering a review state to first reaching `approved`; undefined if not approved. */
export function approvalHours(item: ReportCase, settings: ReportSettings): number | undefined {
  const events = item.events ?? [];
  const submitted = events.find((event) => settings.fees.reviewStates.includes(event.to));
  const approved = events.find((event) => event.to === settings.fees.approvedState);
  if (submitted === undefined || approved === undefined || approved.at < submitted.at) return undefined;
  return (approved.at - submitted.at) / HOUR;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Fee requests by state, approval lead time (needs events) and spend against budget. */
export function feeFigures(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): FeeFigure {
  const names = settings.fees;
  const requests = casesInScope(cases, names.process, scope, settings.unitField);
  const budgetOf = (item: ReportCase) => numberField(item.data, names.budgetField) ?? 0;

  const byState = [...groupBy(requests, (item) => item.state)]
    .map(([state, items]) => ({ state, requests: items.length, budget: items.reduce((sum, item) => sum + budgetOf(item), 0) }))
    .sort((a, b) => b.requests - a.requests || a.state.localeCompare(b.state));

  const hours = requests.flatMap((item) => approvalHours(item, settings) ?? []);
  const middle = median(hours);
  const leadTime: ApprovalLeadTime = {
    approved: hours.length,
    meanHours: hours.length === 0 ? null : round(hours.reduce((sum, value) => sum + value, 0) / hours.length, 1),
    medianHours: middle === null ? null : round(middle, 1),
    maxHours: hours.length === 0 ? null : round(Math.max(...hours), 1),
  };

  const spendRow = (unit: string, items: ReportCase[]): FeeSpendRow => {
    const reported = items.filter((item) => names.spentStates.includes(item.state) && numberField(item.data, names.spendField) !== undefined);
    const budget = reported.reduce((sum, item) => sum + budgetOf(item), 0);
    const spend = reported.reduce((sum, item) => sum + (numberField(item.data, names.spendField) ?? 0), 0);
    const limitOf = (item: ReportCase) => budgetOf(item) * (1 + names.overspendTolerance);
    const overBudget = reported.filter((item) => (numberField(item.data, names.spendField) ?? 0) > limitOf(item)).length;
    return { unit, requests: reported.length, budget, spend, used: percent(spend, budget), overBudget };
  };
  const spend = [...groupBy(requests, (item) => textField(item.data, settings.unitField) ?? NO_UNIT)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([unit, items]) => spendRow(unit, items));
  return { tolerancePercent: round(names.overspendTolerance * 100, 1), byState, leadTime, spend, total: spendRow(scope.unit ?? 'all', requests) };
}
