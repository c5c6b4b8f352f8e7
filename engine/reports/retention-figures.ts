/**
 * Retention cases: customers retained (confirmed at the 30-day check), awaiting that check, and
 * lost; the share of decided cases lost; and the penalty for lost members. This is not 离网率,
 * which counts subscribers (see `churn-rate.ts`).
 */
import { casesInScope, fieldValue, groupBy, NO_UNIT, numberField, percent, textField, type ReportCase, type ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** Retention cases of one unit. */
export interface RetentionRow {
  unit: string;
  /** Still active at the 30-day check. */
  retained: number;
  /** Kept for now, the 30-day check not done yet: counted neither retained nor lost. */
  awaitingCheck: number;
  lost: number;
  /** Still being worked on. */
  pending: number;
  /** lost / (retained + lost), in percent: 挽留失败占比, the share of decided retention cases lost. */
  lostShare: number | null;
  /** Lost customers who were members (会员流失). */
  lostMembers: number;
  /** Penalties the process recorded for the lost members (CNY, 罚金). */
  penalty: number;
}

/** Retention cases by unit and in all. */
export interface RetentionFigure {
  units: RetentionRow[];
  total: RetentionRow;
}

/** Retained, awaiting-check and lost customers of the cases opened in the period, with the penalty total. */
export function retentionFigures(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): RetentionFigure {
  const names = settings.retention;
  const inScope = casesInScope(cases, names.process, scope, settings.unitField);
  const penaltyOf = (item: ReportCase) => names.penaltyFields.reduce((sum, field) => sum + (numberField(item.data, field) ?? 0), 0);
  const row = (unit: string, items: ReportCase[]): RetentionRow => {
    const retained = items.filter((item) => names.retainedStates.includes(item.state)).length;
    const awaitingCheck = items.filter((item) => names.awaitingCheckStates.includes(item.state)).length;
    const lostCases = items.filter((item) => names.lostStates.includes(item.state));
    return {
      unit,
      retained,
      awaitingCheck,
      lost: lostCases.length,
      pending: items.length - retained - awaitingCheck - lostCases.length,
      lostShare: percent(lostCases.length, retained + lostCases.length),
      lostMembers: lostCases.filter((item) => fieldValue(item.data, names.memberField) === true).length,
      penalty: lostCases.reduce((sum, item) => sum + penaltyOf(item), 0),
    };
  };
  const byUnit = groupBy(inScope, (item) => textField(item.data, settings.unitField) ?? NO_UNIT);
  const units = [...byUnit].sort(([a], [b]) => a.localeCompare(b)).map(([unit, items]) => row(unit, items));
  return { units, total: row(scope.unit ?? 'all', inScope) };
}
