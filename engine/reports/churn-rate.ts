/**
 * 离网率 (000): "离网率=（净增发展用户数-净增开账用户数）/本月开账用户数", monthly per unit, from the
 * subscriber counts configured in the retention process's settings; units ranked worst first, as
 * the monthly report (《客服月报》) names them.
 */
import type { ReportScope } from './report-case.js';
import { monthKeys, monthlyScope } from './report-period.js';
import type { ReportSettings, SubscriberCounts } from './report-settings.js';

/** 离网率 of one unit in one month. */
export interface ChurnRateRow extends SubscriberCounts {
  /** (netNewDeveloped − netNewBilled) / billed, in percent (two decimals); null without billed users. */
  rate: number | null;
  /** 1 for the highest rate of the month. */
  rank: number;
}

/** 离网率 of one month: units worst first, and all of them together. */
export interface ChurnRateMonth {
  month: string;
  units: ChurnRateRow[];
  total: { netNewDeveloped: number; netNewBilled: number; billed: number; rate: number | null };
}

/** 离网率 by month of the period (a month unless asked otherwise). */
export interface ChurnRateFigure {
  period: { from: number; to: number };
  months: ChurnRateMonth[];
  /** Months of the period without any configured counts. */
  missingMonths: string[];
}

function churnPercent(developed: number, netBilled: number, billed: number): number | null {
  return billed <= 0 ? null : Math.round(((developed - netBilled) / billed) * 10_000) / 100;
}

/** 离网率 of each unit for each month of the period, from the configured subscriber counts. */
export function churnRate(scope: ReportScope, settings: ReportSettings): ChurnRateFigure {
  const period = monthlyScope(scope, settings.timezone);
  const keys = monthKeys(period.from, period.to, settings.timezone);
  const visible = (counts: SubscriberCounts) =>
    (scope.unit === undefined || counts.unit === scope.unit) && (scope.units === undefined || scope.units.includes(counts.unit));
  const months = keys.flatMap((month): ChurnRateMonth[] => {
    const counts = settings.retention.subscribers.filter((row) => row.month === month && visible(row));
    if (counts.length === 0) return [];
    const units = counts
      .map((row) => ({ ...row, rate: churnPercent(row.netNewDeveloped, row.netNewBilled, row.billed), rank: 0 }))
      .sort((a, b) => (b.rate ?? -Infinity) - (a.rate ?? -Infinity) || a.unit.localeCompare(b.unit))
      .map((row, index) => ({ ...row, rank: index + 1 }));
    const sum = (pick: (row: SubscriberCounts) => number) => units.reduce((total, row) => total + pick(row), 0);
    const total = { netNewDeveloped: sum((row) => row.netNewDeveloped), netNewBilled: sum((row) => row.netNewBilled), billed: sum((row) => row.billed) };
    return [{ month, units, total: { ...total, rate: churnPercent(total.netNewDeveloped, total.netNewBilled, total.billed) } }];
  });
  const shown = new Set(months.map((row) => row.month));
  return { period: { from: period.from, to: period.to }, months, missingMonths: keys.filter((key) => !shown.has(key)) };
}
