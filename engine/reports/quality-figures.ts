/** Quality inspection figures (质检平均分): inspections and their average score by unit and agent, against the target. */
import { casesInScope, groupBy, NO_UNIT, numberField, round, textField, type ReportCase, type ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** Inspections of one unit or agent. */
export interface QualityRow {
  /** Unit id, or agent user id in `agents`. */
  key: string;
  /** Closed complaints screened. */
  screened: number;
  /** Of them scored by an inspector. */
  inspected: number;
  /** Mean of each inspection's first score, one decimal; null with none. */
  average: number | null;
  /** Inspections whose first score was below the pass mark (sent to feedback and coaching). */
  belowPass: number;
  /** The average reaches the target. */
  meetsTarget: boolean | null;
}

/** The quality figure. */
export interface QualityFigure {
  target: number;
  passMark: number;
  units: QualityRow[];
  agents: QualityRow[];
  total: QualityRow;
}

/** Inspections opened in the period, averaged by unit and by agent. */
export function qualityFigures(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): QualityFigure {
  const names = settings.quality;
  const inScope = casesInScope(cases, names.process, scope, settings.unitField);
  const firstScore = (item: ReportCase) => numberField(item.data, names.firstScoreField) ?? numberField(item.data, names.scoreField);
  const row = (key: string, items: ReportCase[]): QualityRow => {
    const scores = items.map(firstScore).filter((score): score is number => score !== undefined);
    const average = scores.length === 0 ? null : round(scores.reduce((a, b) => a + b, 0) / scores.length, 1);
    return {
      key,
      screened: items.length,
      inspected: scores.length,
      average,
      belowPass: scores.filter((score) => score < names.passMark).length,
      meetsTarget: average === null ? null : average >= names.target,
    };
  };
  const rows = (field: string) => [...groupBy(inScope, (item) => textField(item.data, field) ?? NO_UNIT)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, items]) => row(key, items));
  return { target: names.target, passMark: names.passMark, units: rows(settings.unitField), agents: rows(names.agentField), total: row(scope.unit ?? 'all', inScope) };
}
