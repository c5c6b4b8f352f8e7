/**
 * The figures the reports offer, by the name used in `/api/reports/<figure>`: what each reads,
 * how it is computed, and its tables for CSV export.
 */
import { closedInTimeRate, complaintRate, firstReplyRate, satisfaction, type DeadlineRateFigure } from './complaint-figures.js';
import type { Cell, FigureTable } from './csv.js';
import { feeFigures } from './fee-figures.js';
import type { ReportCase, ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';
import { dissatisfiedCustomers } from './dissatisfied-customers.js';
import { lateComplaints } from './late-complaints.js';
import { qualityFigures } from './quality-figures.js';
import { retentionFigures } from './retention-figures.js';
import { warningFigures } from './warning-figures.js';

/** Names of the figures. */
export const FIGURE_NAMES = ['complaint-rate', 'first-reply', 'closed-in-time', 'satisfaction', 'warnings', 'retention', 'fees', 'quality', 'late-complaints', 'dissatisfied-customers'] as const;

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
  title: string;
  /** Which settings block names the process it reads. */
  process: (settings: ReportSettings) => string;
  needsEvents: boolean;
  /** Reads cases opened before the period too (the overdue warnings, whenever raised). */
  readsAllCases?: boolean;
  compute(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): { data: unknown; tables: Record<string, FigureTable> };
}

const deadlineTables = (figure: DeadlineRateFigure): Record<string, FigureTable> => ({
  units: { columns: ['unit', 'met', 'missed', 'open', 'rate'], rows: [...figure.units, figure.total].map((row) => ({ ...row })) },
});

const catalog: Record<FigureName, FigureEntry> = {
  'complaint-rate': {
    title: '万名用户投诉率 Complaints per 10,000 users',
    process: (settings) => settings.complaints.process,
    needsEvents: false,
    compute(cases, scope, settings) {
      const data = complaintRate(cases, scope, settings);
      const rows = [...data.units, data.total].map((row) => ({ ...row, controlLine: data.controlLine }));
      return { data, tables: { units: { columns: ['unit', 'complaints', 'users', 'ratePer10k', 'controlLine', 'overLine', 'uncounted'], rows } } };
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
    title: '3天结案率 Closed within 3 days',
    process: (settings) => settings.complaints.process,
    needsEvents: false,
    compute(cases, scope, settings) {
      const data = closedInTimeRate(cases, scope, settings);
      return { data, tables: deadlineTables(data) };
    },
  },
  satisfaction: {
    title: '用户满意度 Satisfaction',
    process: (settings) => settings.complaints.process,
    needsEvents: false,
    compute(cases, scope, settings) {
      const data = satisfaction(cases, scope, settings);
      const rows = [...data.units, data.total].map((row) => ({ ...row, line: data.line }));
      return { data, tables: { units: { columns: ['unit', 'responses', 'satisfied', 'score', 'line', 'belowLine'], rows } } };
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
    title: '离网挽留 Retention',
    process: (settings) => settings.retention.process,
    needsEvents: false,
    compute(cases, scope, settings) {
      const data = retentionFigures(cases, scope, settings);
      const columns = ['unit', 'retained', 'lost', 'pending', 'churn', 'lostMembers', 'penalty'];
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
          spend: { columns: ['unit', 'requests', 'budget', 'spend', 'used', 'overBudget'], rows: [...data.spend, data.total].map((row) => ({ ...row })) },
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
export function figureSource(name: FigureName, settings: ReportSettings): { process: string; needsEvents: boolean; readsAllCases: boolean } {
  const entry = catalog[name];
  return { process: entry.process(settings), needsEvents: entry.needsEvents, readsAllCases: entry.readsAllCases ?? false };
}

/** Computes one figure over the given cases. */
export function computeFigure(name: FigureName, cases: ReportCase[], scope: ReportScope, settings: ReportSettings, unitLabels: ReadonlyMap<string, string> = new Map()): FigureReport {
  const entry = catalog[name];
  const { data, tables } = entry.compute(cases, scope, settings);
  return { figure: name, title: entry.title, scope, data, tables: labelledTables(tables, unitLabels), unitLabels: Object.fromEntries(unitLabels) };
}

/** The tables with each known unit id in a `unit` column replaced by its label. */
function labelledTables(tables: Record<string, FigureTable>, unitLabels: ReadonlyMap<string, string>): Record<string, FigureTable> {
  if (unitLabels.size === 0) return tables;
  const label = (value: Cell): Cell => (typeof value === 'string' ? unitLabels.get(value) ?? value : value);
  return Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, {
    ...table,
    rows: table.columns.includes('unit') ? table.rows.map((row) => ({ ...row, unit: label(row.unit ?? null) })) : table.rows,
  }]));
}
