/**
 * The figures the reports offer, by the name used in `/api/reports/<figure>`: what each reads,
 * how it is computed, and its tables for CSV export.
 */
import { churnRate } from './churn-rate.js';
import { closedInTimeRate } from './close-on-time.js';
import { complaintRate, firstReplyRate, type DeadlineRateFigure } from './complaint-figures.js';
import type { Cell, FigureTable } from './csv.js';
import { spanInChinese } from '../dsl/duration-text.js';
import { feeFigures } from './fee-figures.js';
import type { ReportCase, ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';
import { monthlyScope } from './report-period.js';
import { dissatisfiedCustomers } from './dissatisfied-customers.js';
import { lateComplaints } from './late-complaints.js';
import { qualityFigures } from './quality-figures.js';
import { retentionFigures } from './retention-figures.js';
import { satisfaction } from './satisfaction-figures.js';
import { warningFigures } from './warning-figures.js';

/** Names of the figures. */
export const FIGURE_NAMES = ['complaint-rate', 'first-reply', 'closed-in-time', 'satisfaction', 'warnings', 'churn-rate', 'retention', 'fees', 'quality', 'late-complaints', 'dissatisfied-customers'] as const;

/** One figure's name. */
export type FigureName = (typeof FIGURE_NAMES)[number];

/** A computed figure: its data for JSON and its tables for CSV (the first is the main one). */
export interface FigureReport {
  figure: FigureName;
  title: string;
  scope: ReportScope;
  data: unknown;
  /** Tables for CSV; their `unit` column shows the unit's label where the report knows it. */
  tables: Record<string, FigureTable>;
  /** Labels of the organisation's units by id (`east-district` → `城东分公司 East district`), for showing the ids in `data`. */
  unitLabels: Record<string, string>;
}

/** What a figure reads and how it is computed. */
interface FigureEntry {
  /** Chinese and English; from the settings where a number in it is one. */
  title: string | ((settings: ReportSettings) => string);
  /** Which settings block names the process it reads. */
  process: (settings: ReportSettings) => string;
  needsEvents: boolean;
  /** Reads cases opened before the period too (the overdue warnings, whenever raised). */
  readsAllCases?: boolean;
  /** Counted by calendar month: without a period, the month of `now` (the lines are monthly). */
  monthly?: boolean;
  /** Reads configured counts, not cases. */
  readsNoCases?: boolean;
  /** Also reads the cases of this process opened before the period ends (routine callbacks count by the day of the call). */
  alsoReads?: (settings: ReportSettings) => string;
  compute(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): { data: unknown; tables: Record<string, FigureTable> };
}

const HOUR = 3_600_000;

const deadlineTables = (figure: DeadlineRateFigure): Record<string, FigureTable> => ({
  units: { columns: ['unit', 'met', 'missed', 'open', 'rate'], rows: [...figure.units, figure.total].map((row) => ({ ...row })) },
  late: {
    columns: ['id', 'unit', 'dueAt', 'lateHours', 'stillOpen'],
    rows: figure.late.map((row) => ({ id: row.id, unit: row.unit ?? null, dueAt: new Date(row.dueAt).toISOString(), lateHours: Math.round(row.lateMs / (HOUR / 10)) / 10, stillOpen: row.stillOpen })),
  },
});

const catalog: Record<FigureName, FigureEntry> = {
  'complaint-rate': {
    title: '万名用户投诉率（每月） Complaints per 10,000 users a month',
    process: (settings) => settings.complaints.process,
    needsEvents: false,
    monthly: true,
    compute(cases, scope, settings) {
      const data = complaintRate(cases, scope, settings);
      const rows = [...data.units, data.total].map((row) => ({ ...row, controlLine: data.controlLine }));
      return { data, tables: { units: { columns: ['unit', 'complaints', 'users', 'months', 'ratePer10k', 'controlLine', 'overLine', 'uncounted'], rows: rows.map((row) => ({ ...row, months: data.period.months })) } } };
    },
  },
  'first-reply': {
    title: '24小时首次回复率 First reply within 24 h',
    process: (settings) => settings.complaints.process,
    needsEvents: false,
    compute(cases, scope, settings) {
      const data = firstReplyRate(cases, scope, settings);
      return { data, tables: deadlineTables(data) };
    },
  },
  'closed-in-time': {
    title: (settings) => `${spanInChinese(settings.complaints.closeWithinMs)}结案率（登记至归档） Archived within ${settings.complaints.closeWithinMs / HOUR} h of registration`,
    process: (settings) => settings.complaints.process,
    needsEvents: true,
    compute(cases, scope, settings) {
      const data = closedInTimeRate(cases, scope, settings);
      return { data, tables: deadlineTables(data) };
    },
  },
  satisfaction: {
    title: '用户满意度（百分制，每月） Satisfaction score a month',
    process: (settings) => settings.complaints.process,
    alsoReads: (settings) => settings.callbacks.process,
    needsEvents: false,
    monthly: true,
    compute(cases, scope, settings) {
      const data = satisfaction(cases, scope, settings);
      const rows = [...data.units, data.total].map((row) => ({ ...row, line: data.line }));
      return { data, tables: { units: { columns: ['unit', 'scored', 'routineScored', 'score', 'line', 'belowLine', 'responses', 'satisfied', 'satisfiedShare'], rows } } };
    },
  },
  'churn-rate': {
    title: '离网率（每月） Subscriber churn a month',
    process: (settings) => settings.retention.process,
    needsEvents: false,
    monthly: true,
    readsNoCases: true,
    compute(_cases, scope, settings) {
      const data = churnRate(scope, settings);
      const rows = data.months.flatMap((month) => [
        ...month.units.map((row) => ({ month: row.month, rank: row.rank, unit: row.unit, netNewDeveloped: row.netNewDeveloped, netNewBilled: row.netNewBilled, billed: row.billed, rate: row.rate })),
        { month: month.month, rank: null, unit: 'all', ...month.total },
      ]);
      return { data, tables: { units: { columns: ['month', 'rank', 'unit', 'netNewDeveloped', 'netNewBilled', 'billed', 'rate'], rows } } };
    },
  },
  warnings: {
    title: '预警 Warnings by level',
    process: (settings) => settings.warnings.process,
    needsEvents: false,
    readsAllCases: true,
    compute(cases, scope, settings) {
      const data = warningFigures(cases, scope, settings);
      return {
        data,
        tables: {
          levels: { columns: ['level', 'raised', 'open', 'done', 'overdue', 'climbed'], rows: data.levels.map((row) => ({ ...row })) },
          overdue: {
            columns: ['id', 'level', 'state', 'source', 'category', 'unit', 'dueAt', 'overdueHours'],
            rows: data.overdue.map((row) => ({
              id: row.id,
              level: row.level,
              state: row.state,
              source: row.source ?? null,
              category: row.category ?? null,
              unit: row.unit ?? null,
              dueAt: new Date(row.dueAt).toISOString(),
              overdueHours: Math.round(row.overdueMs / 360_000) / 10,
            })),
          },
          sources: { columns: ['source', 'raised'], rows: data.bySource.map((row) => ({ ...row })) },
        },
      };
    },
  },
  retention: {
    title: '离网挽留工单 Retention cases',
    process: (settings) => settings.retention.process,
    needsEvents: false,
    compute(cases, scope, settings) {
      const data = retentionFigures(cases, scope, settings);
      const columns = ['unit', 'retained', 'awaitingCheck', 'lost', 'pending', 'lostShare', 'lostMembers', 'penalty'];
      return { data, tables: { units: { columns, rows: [...data.units, data.total].map((row) => ({ ...row })) } } };
    },
  },
  fees: {
    title: '服务费用 Service fees',
    process: (settings) => settings.fees.process,
    needsEvents: true,
    compute(cases, scope, settings) {
      const data = feeFigures(cases, scope, settings);
      return {
        data,
        tables: {
          spend: { columns: ['unit', 'requests', 'budget', 'spend', 'used', 'overBudget', 'tolerancePercent'], rows: [...data.spend, data.total].map((row) => ({ ...row, tolerancePercent: data.tolerancePercent })) },
          states: { columns: ['state', 'requests', 'budget'], rows: data.byState.map((row) => ({ ...row })) },
          leadTime: { columns: ['approved', 'meanHours', 'medianHours', 'maxHours'], rows: [{ ...data.leadTime }] },
        },
      };
    },
  },
  quality: {
    title: '质检平均分 Quality inspection score',
    process: (settings) => settings.quality.process,
    needsEvents: false,
    compute(cases, scope, settings) {
      const data = qualityFigures(cases, scope, settings);
      const columns = ['key', 'screened', 'inspected', 'average', 'belowPass', 'meetsTarget'];
      return {
        data,
        tables: {
          units: { columns: ['unit', ...columns.slice(1)], rows: [...data.units, data.total].map(({ key, ...row }) => ({ unit: key, ...row })) },
          agents: { columns: ['agent', ...columns.slice(1)], rows: data.agents.map(({ key, ...row }) => ({ agent: key, ...row })) },
        },
      };
    },
  },
  'late-complaints': {
    title: '超时未结案投诉 Complaints past their close deadline',
    process: (settings) => settings.complaints.process,
    needsEvents: false,
    compute(cases, scope, settings) {
      const data = lateComplaints(cases, scope, settings);
      const columns = ['id', 'unit', 'customer', 'category', 'state', 'openedAt', 'closed', 'lateHours'];
      return { data, tables: { complaints: { columns, rows: data.complaints.map((row) => ({ ...row, openedAt: new Date(row.openedAt).toISOString() })) } } };
    },
  },
  'dissatisfied-customers': {
    title: '不满意客户档案 Dissatisfied customers',
    process: (settings) => settings.complaints.process,
    needsEvents: false,
    compute(cases, scope, settings) {
      const data = dissatisfiedCustomers(cases, scope, settings);
      const columns = ['phone', 'name', 'unit', 'cases', 'reopened', 'open'];
      return { data, tables: { customers: { columns, rows: data.customers.map((row) => ({ ...row, cases: row.cases.join(' ') })) } } };
    },
  },
};

/** True when `name` is a figure the reports offer. */
export function isFigureName(name: string): name is FigureName {
  return FIGURE_NAMES.some((figure) => figure === name);
}

/** The process a figure reads and whether it needs events, so a loader fetches only that. */
export function figureSource(name: FigureName, settings: ReportSettings): { process: string; needsEvents: boolean; readsAllCases: boolean; readsNoCases: boolean; alsoReads?: string } {
  const entry = catalog[name];
  const source = { process: entry.process(settings), needsEvents: entry.needsEvents, readsAllCases: entry.readsAllCases ?? false, readsNoCases: entry.readsNoCases ?? false };
  return entry.alsoReads === undefined ? source : { ...source, alsoReads: entry.alsoReads(settings) };
}

/** The period a figure counts: a monthly figure without one counts the month of `scope.now`. */
export function figureScope(name: FigureName, scope: ReportScope, settings: ReportSettings): ReportScope {
  return catalog[name].monthly ? monthlyScope(scope, settings.timezone) : scope;
}

/** Labels of the values of CSV columns, by column name (`level` → `blue` → `蓝色 Blue`, `state` → its label). */
export type ColumnLabels = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Computes one figure over the given cases; CSV tables show units and column values by their labels. */
export function computeFigure(name: FigureName, cases: ReportCase[], scope: ReportScope, settings: ReportSettings, unitLabels: ReadonlyMap<string, string> = new Map(), columnLabels: ColumnLabels = new Map()): FigureReport {
  const entry = catalog[name];
  const counted = figureScope(name, scope, settings);
  const { data, tables } = entry.compute(cases, counted, settings);
  const title = typeof entry.title === 'string' ? entry.title : entry.title(settings);
  return { figure: name, title, scope: counted, data, tables: labelledTables(tables, new Map([...columnLabels, ['unit', unitLabels]])), unitLabels: Object.fromEntries(unitLabels) };
}

/** The tables with each known value of a labelled column (a unit id, a level, a state) replaced by its label. */
function labelledTables(tables: Record<string, FigureTable>, columnLabels: ColumnLabels): Record<string, FigureTable> {
  const label = (labels: ReadonlyMap<string, string> | undefined, value: Cell): Cell => (typeof value === 'string' ? labels?.get(value) ?? value : value);
  return Object.fromEntries(Object.entries(tables).map(([name, table]) => {
    const labelled = table.columns.filter((column) => (columnLabels.get(column)?.size ?? 0) > 0);
    if (labelled.length === 0) return [name, table];
    const rows = table.rows.map((row) => ({ ...row, ...Object.fromEntries(labelled.map((column) => [column, label(columnLabels.get(column), row[column] ?? null)])) }));
    return [name, { ...table, rows }];
  }));
}
