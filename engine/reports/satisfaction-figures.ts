/**
 * 用户满意度 (000): the mean 百分制 score (0–100) of the complaint callbacks against the line
 * (80 分), per unit and month; and, as a figure of its own, the share of callbacks answered
 * `satisfied`.
 */
import { unitKey } from './complaint-figures.js';
import { casesInScope, fieldValue, groupBy, numberField, percent, round, type ReportCase, type ReportScope } from './report-case.js';
import { monthlyScope } from './report-period.js';
import type { ReportSettings } from './report-settings.js';

/** Satisfaction of one unit. */
export interface SatisfactionRow {
  unit: string;
  /** Callbacks that gave a score. */
  scored: number;
  /** Mean score 0–100 over the scored callbacks. */
  score: number | null;
  belowLine: boolean | null;
  /** Callbacks answered `satisfied` or `dissatisfied`. */
  responses: number;
  satisfied: number;
  /** satisfied / responses, in percent: not the score. */
  satisfiedShare: number | null;
}

/** Satisfaction by unit and in all, against the line, for a period (a month unless asked otherwise). */
export interface SatisfactionFigure {
  line: number;
  period: { from: number; to: number };
  units: SatisfactionRow[];
  total: SatisfactionRow;
}

/** A callback's score as the figure takes it: a number from 0 to 100, else none. */
export function satisfactionScore(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100 ? value : undefined;
}

/** Mean callback score of the complaints opened in the period, against the line (80), and the satisfied share. */
export function satisfaction(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): SatisfactionFigure {
  const { satisfactionField, satisfactionScoreField, satisfactionLine: line } = settings.complaints;
  const period = monthlyScope(scope, settings.timezone);
  const complaints = casesInScope(cases, settings.complaints.process, period, settings.unitField);
  const row = (unit: string, items: ReportCase[]): SatisfactionRow => {
    const scores = items.flatMap((item) => satisfactionScore(numberField(item.data, satisfactionScoreField)) ?? []);
    const answers = items.map((item) => fieldValue(item.data, satisfactionField)).filter((value) => value === 'satisfied' || value === 'dissatisfied');
    const satisfied = answers.filter((value) => value === 'satisfied').length;
    const score = scores.length === 0 ? null : round(scores.reduce((sum, value) => sum + value, 0) / scores.length, 1);
    return {
      unit,
      scored: scores.length,
      score,
      belowLine: score === null ? null : score < line,
      responses: answers.length,
      satisfied,
      satisfiedShare: percent(satisfied, answers.length),
    };
  };
  const units = [...groupBy(complaints, unitKey(settings))].sort(([a], [b]) => a.localeCompare(b)).map(([unit, items]) => row(unit, items));
  return { line, period: { from: period.from, to: period.to }, units, total: row(scope.unit ?? 'all', complaints) };
}
