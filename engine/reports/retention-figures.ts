/** Retention figures: customers retained and lost, churn, and the penalty for lost members. */
import { casesInScope, groupBy, NO_UNIT, percent, textField, type ReportCase, type ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** Retention of one unit. */
export interface RetentionRow {
  unit: string;
  retained: number;
  lost: number;
  /** Still being worked on. */
  pending: number;
  /** lost / (retained + lost), in percent. */
  churn: number | null;
  /** Lost customers who were members (their loss carries the penalty). */
  lostMembers: number;
  /** lostMembers × penalty × payees (CNY). */
  penalty: number;
}

/** Retention by unit and in all. */
export interface RetentionFigure {
  penaltyPerLost: number;
  penaltyPayees: string[];
  units: RetentionRow[];
  total: RetentionRow;
}

/** Retained and lost customers of the cases opened in the period, with the penalty total. */
export function retentionFigures(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): RetentionFigure {
  const names = settings.retention;
  const inScope = casesInScope(cases, names.process, scope, settings.unitField);
  const row = (unit: string, items: ReportCase[]): RetentionRow => {
    const retained = items.filter((item) => names.retainedStates.includes(item.state)).length;
    const lostCases = items.filter((item) => names.lostStates.includes(item.state));
    const lostMembers = lostCases.filter((item) => !names.nonMemberTiers.includes(textField(item.data, names.tierField) ?? names.nonMemberTiers[0] ?? '')).length;
    return {
      unit,
      retained,
      lost: lostCases.length,
      pending: items.length - retained - lostCases.length,
      churn: percent(lostCases.length, retained + lostCases.length),
      lostMembers,
      penalty: lostMembers * names.penaltyPerLost * names.penaltyPayees.length,
    };
  };
  const byUnit = groupBy(inScope, (item) => textField(item.data, settings.unitField) ?? NO_UNIT);
  const units = [...byUnit].sort(([a], [b]) => a.localeCompare(b)).map(([unit, items]) => row(unit, items));
  return { penaltyPerLost: names.penaltyPerLost, penaltyPayees: names.penaltyPayees, units, total: row(scope.unit ?? 'all', inScope) };
}
