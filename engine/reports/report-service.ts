/**
 * The reports as the server uses them: figures and the warning digest computed from the Store,
 * with the settings (users per unit, lines, penalty) read from the published processes.
 */
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import type { Store } from '../runtime/store.js';
import { bilingualLabel } from '../dsl/compact-fields.js';
import { enumLabelsOf } from '../dsl/enum-labels.js';
import { computeFigure, figureScope, figureSource, type ColumnLabels, type FigureName, type FigureReport } from './catalog.js';
import { loadReportCases } from './load-cases.js';
import type { ReportCase, ReportScope } from './report-case.js';
import { defaultReportSettings, reportSettingsFrom, type ProcessSettings, type ReportSettings } from './report-settings.js';
import { previousWeek, renderDigest, warningDigest, weekContaining, type DigestWeek, type WarningDigest } from './warning-digest.js';

/** Options of `createReports`. */
export interface ReportsOptions {
  store: Pick<Store, 'queryCases' | 'getEvents' | 'listProcesses'>;
  clock: { now(): number };
  /** Time zone of the centre, for digest weeks (default `Asia/Shanghai`). */
  timezone?: string;
  base?: ReportSettings;
  /** Labels of the organisation's units by id, so that reports show `城东分公司 East district` for `east-district`. */
  unitLabels?: () => Promise<ReadonlyMap<string, string>>;
}

/** The digest with its rendered message and its week's first and last day (`2025-03-03`). */
export interface RenderedDigest extends WarningDigest {
  subject: string;
  text: string;
  firstDay: string;
  lastDay: string;
}

/** Figures and digests over the live store. */
export interface Reports {
  readonly timezone: string;
  settings(): Promise<ReportSettings>;
  /**
   * One figure; `scope.now` defaults to the clock. `units` limits it to the cases of those units
   * (a unit-level reader's scope): no other unit's case is read.
   */
  figure(name: FigureName, scope: Omit<ReportScope, 'now'> & { now?: number; units?: string[] }): Promise<FigureReport>;
  /** The digest of the week containing `weekOf` (default: the last full week), of `units` only when given. */
  digest(weekOf?: number, units?: string[]): Promise<RenderedDigest>;
}

/** A field schema as written, with labels written as one bilingual text (`蓝色 Blue`) read as `{ zh, en }`. */
function withReadLabels(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  const labels: unknown = Reflect.get(schema, 'labels');
  if (labels === null || typeof labels !== 'object') return schema;
  const read = Object.entries(labels).map(([value, label]) => [value, typeof label === 'string' ? bilingualLabel(label) : label]);
  return { ...schema, labels: Object.fromEntries(read) };
}

/** Labels of a process's values for CSV columns: each labelled data field by its name, and `state`. */
function processColumnLabels(yamlText: string): ColumnLabels {
  const parsed: unknown = parse(yamlText, { maxAliasCount: 100 });
  const labels = new Map<string, Map<string, string>>();
  if (parsed === null || typeof parsed !== 'object') return labels;
  const data: unknown = Reflect.get(parsed, 'data');
  const properties: unknown = data !== null && typeof data === 'object' ? Reflect.get(data, 'properties') : undefined;
  if (properties !== null && typeof properties === 'object') {
    for (const [field, schema] of Object.entries(properties)) {
      const values = enumLabelsOf(withReadLabels(schema));
      if (values !== undefined) labels.set(field, new Map(Object.entries(values).map(([value, label]) => [value, `${label.zh} ${label.en}`])));
    }
  }
  const states = new Map<string, string>();
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [id, state] of Object.entries(node)) {
      const label: unknown = state !== null && typeof state === 'object' ? Reflect.get(state, 'label') : undefined;
      if (typeof label === 'string') states.set(id, label);
      walk(state !== null && typeof state === 'object' ? Reflect.get(state, 'states') : undefined);
    }
  };
  walk(Reflect.get(parsed, 'states'));
  labels.set('state', states);
  return labels;
}

function processSettings(yamlText: string, fallbackId: string): ProcessSettings {
  const parsed: unknown = parse(yamlText, { maxAliasCount: 100 });
  if (parsed === null || typeof parsed !== 'object' || !('settings' in parsed)) return { id: fallbackId };
  const { settings } = parsed;
  return settings !== null && typeof settings === 'object' && !Array.isArray(settings)
    ? { id: fallbackId, settings: Object.fromEntries(Object.entries(settings)) }
    : { id: fallbackId };
}

/** Reports over `store`, with settings from its published processes. */
export function createReports(options: ReportsOptions): Reports {
  const timezone = options.timezone ?? 'Asia/Shanghai';
  const base = options.base ?? defaultReportSettings;
  const parsed = new Map<string, ProcessSettings>();
  const unitLabels = async (): Promise<ReadonlyMap<string, string>> => (options.unitLabels ? options.unitLabels() : new Map());

  const settings = async (): Promise<ReportSettings> => {
    const processes = await options.store.listProcesses();
    const definitions = processes.map((process) => {
      const key = `${process.processId}@${process.version}`;
      const known = parsed.get(key) ?? processSettings(process.yaml, process.processId);
      parsed.set(key, known);
      return known;
    });
    return reportSettingsFrom(definitions, { ...base, timezone });
  };

  const digestOf = async (week: DigestWeek, units?: string[]): Promise<RenderedDigest> => {
    const current = await settings();
    const now = options.clock.now();
    const cases = await loadReportCases(options.store, current.warnings.process, units === undefined ? {} : { units });
    const digest = warningDigest(cases, week, now, current);
    const { subject, body } = renderDigest(digest, timezone, await unitLabels());
    const day = (time: number) => DateTime.fromMillis(time, { zone: timezone }).toISODate() ?? '';
    return { ...digest, subject, text: body, firstDay: day(week.from), lastDay: day(week.to - 1) };
  };

  return {
    timezone,
    settings,
    async figure(name, { units, ...scope }) {
      const current = await settings();
      const source = figureSource(name, current);
      const period = figureScope(name, { ...scope, now: scope.now ?? options.clock.now(), ...(units === undefined ? {} : { units }) }, current);
      const cases: ReportCase[] = source.readsNoCases ? [] : await loadReportCases(options.store, source.process, {
        withEvents: source.needsEvents,
        openedFrom: source.readsAllCases ? undefined : period.from,
        openedBefore: source.readsAllCases ? undefined : period.to,
        ...(units === undefined ? {} : { units }),
      });
      if (source.alsoReads !== undefined) {
        cases.push(...await loadReportCases(options.store, source.alsoReads, { openedBefore: period.to, ...(units === undefined ? {} : { units }) }));
      }
      const published = (await options.store.listProcesses()).find((process) => process.processId === source.process);
      const columns = published === undefined ? new Map() : processColumnLabels(published.yaml);
      return computeFigure(name, cases, period, current, await unitLabels(), columns);
    },
    digest(weekOf, units) {
      const now = options.clock.now();
      return digestOf(weekOf === undefined ? previousWeek(now, timezone) : weekContaining(weekOf, timezone), units);
    },
  };
}
