/**
 * 客服月报, the monthly service report: the month's figures by unit, ranked by the complaint
 * rate per 10,000 users (000 "在每月的《客服月报》中进行通报批评"), and the complaints past their
 * close deadline (001 "定期通报处理历时超出标准的情况"), as data and as a message.
 */
import { DateTime } from 'luxon';
import { closedInTimeRate } from './close-on-time.js';
import { complaintRate, firstReplyRate, type ComplaintRateRow } from './complaint-figures.js';
import { satisfaction } from './satisfaction-figures.js';
import { lateComplaints, type LateComplaint } from './late-complaints.js';
import { qualityFigures } from './quality-figures.js';
import type { ReportCase } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** A calendar month in the centre's time zone. */
export interface ReportMonth {
  /** `2026-03`. */
  label: string;
  from: number;
  to: number;
}

/** One unit's month. */
export interface MonthlyUnitRow {
  /** 1 is the best (lowest complaint rate). */
  rank: number;
  unit: string;
  complaints: number;
  ratePer10k: number | null;
  overLine: boolean | null;
  firstReplyRate: number | null;
  closedInTimeRate: number | null;
  satisfaction: number | null;
  qualityAverage: number | null;
}

/** The monthly report. */
export interface MonthlyReport {
  month: ReportMonth;
  controlLine: number;
  satisfactionLine: number;
  qualityTarget: number;
  /** Ranked, best first. */
  units: MonthlyUnitRow[];
  total: Omit<MonthlyUnitRow, 'rank'>;
  late: LateComplaint[];
}

/** The month containing `time`. */
export function monthContaining(time: number, zone: string): ReportMonth {
  const start = DateTime.fromMillis(time, { zone }).startOf('month');
  return { label: start.toFormat('yyyy-LL'), from: start.toMillis(), to: start.plus({ months: 1 }).toMillis() };
}

/** The month before the one containing `time`. */
export function previousMonth(time: number, zone: string): ReportMonth {
  return monthContaining(DateTime.fromMillis(time, { zone }).startOf('month').minus({ days: 1 }).toMillis(), zone);
}

const byRate = (a: Omit<MonthlyUnitRow, 'rank'>, b: Omit<MonthlyUnitRow, 'rank'>): number =>
  (a.ratePer10k ?? Infinity) - (b.ratePer10k ?? Infinity) || (b.closedInTimeRate ?? -1) - (a.closedInTimeRate ?? -1) || a.unit.localeCompare(b.unit);

/** The month's report over the complaints and inspections opened in it and the routine callbacks made in it, as of `now`. */
export function monthlyReport(complaints: ReportCase[], inspections: ReportCase[], month: ReportMonth, now: number, settings: ReportSettings, callbacks: ReportCase[] = []): MonthlyReport {
  const scope = { from: month.from, to: month.to, now };
  const rate = complaintRate(complaints, scope, settings);
  const firstReply = firstReplyRate(complaints, scope, settings);
  const closed = closedInTimeRate(complaints, scope, settings);
  const satisfied = satisfaction([...complaints, ...callbacks], scope, settings);
  const quality = qualityFigures(inspections, scope, settings);
  const isTotal = (unit: string) => unit === rate.total.unit;
  const row = (unit: string, rateRow: ComplaintRateRow): Omit<MonthlyUnitRow, 'rank'> => ({
    unit,
    complaints: rateRow.complaints,
    ratePer10k: rateRow.ratePer10k,
    overLine: rateRow.overLine,
    firstReplyRate: (isTotal(unit) ? firstReply.total : firstReply.units.find((r) => r.unit === unit))?.rate ?? null,
    closedInTimeRate: (isTotal(unit) ? closed.total : closed.units.find((r) => r.unit === unit))?.rate ?? null,
    satisfaction: (isTotal(unit) ? satisfied.total : satisfied.units.find((r) => r.unit === unit))?.score ?? null,
    qualityAverage: (isTotal(unit) ? quality.total : quality.units.find((r) => r.key === unit))?.average ?? null,
  });
  const ranked = rate.units.map((unitRow) => row(unitRow.unit, unitRow)).sort(byRate).map((unitRow, index) => ({ rank: index + 1, ...unitRow }));
  return {
    month,
    controlLine: rate.controlLine,
    satisfactionLine: satisfied.line,
    qualityTarget: quality.target,
    units: ranked,
    total: row(rate.total.unit, rate.total),
    late: lateComplaints(complaints, scope, settings).complaints,
  };
}

const shown = (value: number | null, suffix = '') => (value === null ? '—' : `${value}${suffix}`);

/** The report as a message: subject and plain-text body, units named by their labels. */
export function renderMonthlyReport(report: MonthlyReport, unitLabels: ReadonlyMap<string, string> = new Map()): { subject: string; body: string } {
  const name = (unit: string | null) => (unit === null ? '—' : unitLabels.get(unit) ?? unit);
  const lines = [
    `客服月报 ${report.month.label}`,
    '',
    `一、各单元排名（按万名用户投诉率由低到高；控制线 ${report.controlLine}，满意度标准 ${report.satisfactionLine} 分，质检目标 ${report.qualityTarget} 分）`,
    ...report.units.map((row) => `${row.rank}. ${name(row.unit)}：投诉 ${row.complaints} 件，万名投诉率 ${shown(row.ratePer10k)}${row.overLine ? '（超控制线）' : ''}，`
      + `24小时回复率 ${shown(row.firstReplyRate, '%')}，3天结案率 ${shown(row.closedInTimeRate, '%')}，满意度 ${shown(row.satisfaction)}，质检平均分 ${shown(row.qualityAverage)}`),
    `合计：投诉 ${report.total.complaints} 件，万名投诉率 ${shown(report.total.ratePer10k)}，3天结案率 ${shown(report.total.closedInTimeRate, '%')}，满意度 ${shown(report.total.satisfaction)}，质检平均分 ${shown(report.total.qualityAverage)}`,
  ];
  const worst = report.units.at(-1);
  if (report.units.length > 1 && worst !== undefined && worst.complaints > 0) lines.push(`通报批评：${name(worst.unit)}（万名用户投诉率排名末位）`);
  lines.push('', `二、超时未结案投诉（${report.late.length} 件）`);
  if (report.late.length === 0) lines.push('无');
  for (const late of report.late) {
    lines.push(`- ${late.id} ${name(late.unit)} ${late.customer ?? ''} 超时 ${late.lateHours} 小时（${late.closed ? '已结案' : '未结案'}）`);
  }
  return { subject: `客服月报 ${report.month.label}：投诉 ${report.total.complaints} 件，超时 ${report.late.length} 件`, body: lines.join('\n') };
}
