/**
 * 用户满意度 (000): the mean 百分制 score (0–100) against the line (80 分), per unit and month, of
 * the complaint callbacks (complaints opened in the period) and of the routine callbacks (回访, 002,
 * by the day of the call); and, as a figure of its own, the share of answers that were satisfied.
 */
import { unitKey } from './complaint-figures.js';
import { casesInScope, fieldValue, groupBy, numberField, percent, round, textField, type ReportCase, type ReportScope } from './report-case.js';
import { monthlyScope } from './report-period.js';
import type { ReportSettings } from './report-settings.js';

/** Satisfaction of one unit. */
export interface SatisfactionRow {
  unit: string;
  /** Callbacks that gave a score, complaint and routine ones. */
  scored: number;
  /** Of them routine callbacks (回访). */
  routineScored: number;
  /** Mean score 0–100 over the scored callbacks. */
  score: number | null;
  belowLine: boolean | null;
  /** Callbacks answered: a complaint's `satisfied` / `dissatisfied`, a routine call that reached the customer. */
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

/** One answered callback: its score if it gave one, and whether it was satisfied. */
interface Answer {
  score: number | undefined;
  answered: boolean;
  satisfied: boolean;
  routine: boolean;
}

/** The routine callbacks made within the period (of its unit), by the time of the call. */
function routineCallbacks(cases: ReportCase[], scope: ReportScope & { from: number; to: number }, settings: ReportSettings): ReportCase[] {
  const names = settings.callbacks;
  return cases.filter((item) => {
    if (item.processId !== names.process) return false;
    const calledAt = Date.parse(textField(item.data, names.calledAtField) ?? '');
    return Number.isFinite(calledAt) && calledAt >= scope.from && calledAt < scope.to
      && (scope.unit === undefined || textField(item.data, settings.unitField) === scope.unit);
  });
}

/**
 * Mean callback score against the line (80) and the satisfied share: complaints opened in the
 * period with their callback, and routine callbacks (`settings.callbacks.process`) called in it.
 */
export function satisfaction(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): SatisfactionFigure {
  const { satisfactionField, satisfactionScoreField, satisfactionLine: line } = settings.complaints;
  const names = settings.callbacks;
  const period = monthlyScope(scope, settings.timezone);
  const complaints = casesInScope(cases, settings.complaints.process, period, settings.unitField);
  const routine = routineCallbacks(cases, period, settings);
  const answerOf = (item: ReportCase): Answer => {
    if (item.processId === names.process) {
      const outcome = fieldValue(item.data, names.outcomeField);
      const answered = typeof outcome === 'string' && !names.unansweredValues.includes(outcome);
      return { score: satisfactionScore(numberField(item.data, names.scoreField)), answered, satisfied: outcome === names.satisfiedValue, routine: true };
    }
    const value = fieldValue(item.data, satisfactionField);
    return { score: satisfactionScore(numberField(item.data, satisfactionScoreField)), answered: value === 'satisfied' || value === 'dissatisfied', satisfied: value === 'satisfied', routine: false };
  };
  const row = (unit: string, items: ReportCase[]): SatisfactionRow => {
    const answers = items.map(answerOf);
    const scores = answers.flatMap((answer) => answer.score ?? []);
    const responses = answers.filter((answer) => answer.answered);
    const satisfied = responses.filter((answer) => answer.satisfied).length;
    const score = scores.length === 0 ? null : round(scores.reduce((sum, value) => sum + value, 0) / scores.length, 1);
    return {
      unit,
      scored: scores.length,
      routineScored: answers.filter((answer) => answer.routine && answer.score !== undefined).length,
      score,
      belowLine: score === null ? null : score < line,
      responses: responses.length,
      satisfied,
      satisfiedShare: percent(satisfied, responses.length),
    };
  };
  const counted = [...complaints, ...routine];
  const units = [...groupBy(counted, unitKey(settings))].sort(([a], [b]) => a.localeCompare(b)).map(([unit, items]) => row(unit, items));
  return { line, period: { from: period.from, to: period.to }, units, total: row(scope.unit ?? 'all', counted) };
}
