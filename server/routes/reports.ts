/**
 * Reports: each figure as JSON or CSV (`?format=csv`), for a period (`from`, `to`) and a
 * business unit (`unit`); and the weekly warning digest (预警分析通报) as JSON or text.
 */
import { Hono } from 'hono';
import { DateTime } from 'luxon';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { FIGURE_NAMES, isFigureName, renderedMonthlyReport, toCsv, type MonthlyReportOptions, type Reports } from '../../engine/reports/index.js';
import { mount } from '../contract/mount.js';
import { figureReport, listReports, monthlyReport, warningDigest } from '../contract/operations.js';
import { actorOf, type AppEnv } from '../context.js';
import { unitsFilter } from '../../engine/runtime/permissions.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** What the report routes use. */
export interface ReportRouteDeps {
  reports: Reports;
  /** What the monthly report (客服月报) reads; without it the route is not offered. */
  monthly?: MonthlyReportOptions;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A time from the query: epoch ms, an ISO date-time, or a date (`2025-03-31`, the start of that
 * day in the centre's time zone; for `to` the end of it, so `to=2025-03-31` includes the 31st).
 */
function timeParam(text: string | undefined, name: string, timezone: string, errors: FieldError[], endOfDay = false): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const parsed = DATE_ONLY.test(text) ? DateTime.fromISO(text, { zone: timezone }) : DateTime.fromISO(text, { zone: timezone, setZone: true });
  if (!parsed.isValid) {
    errors.push(fieldProblem(name, 'must be a date (2025-03-31), an ISO date-time or epoch milliseconds', '应为日期（2025-03-31）、ISO 日期时间或毫秒时间戳'));
    return undefined;
  }
  return (DATE_ONLY.test(text) && endOfDay ? parsed.plus({ days: 1 }) : parsed).toMillis();
}

function refuse(what: string, errors: FieldError[]): never {
  throw new CaseflowError('invalid-input', `The ${what} is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
}

/** Routes of `/api/reports`. */
export function reportRoutes(deps: ReportRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { reports } = deps;

  mount(routes, listReports, (c) => c.json({ figures: [...FIGURE_NAMES, 'warning-digest'], timezone: reports.timezone }));

  mount(routes, warningDigest, async (c, { query }) => {
    const errors: FieldError[] = [];
    const week = timeParam(query.week, 'week', reports.timezone, errors);
    if (errors.length > 0) refuse('digest request', errors);
    const digest = await reports.digest(week, unitsFilter(actorOf(c.get('principal'))));
    if (query.format === 'text') return c.text(digest.text, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    return c.json(digest);
  });

  mount(routes, monthlyReport, async (c, { query }) => {
    if (deps.monthly === undefined) throw new CaseflowError('not-found', 'There is no monthly report on this server.');
    const monthOf = query.month === undefined ? undefined : DateTime.fromISO(`${query.month}-01`, { zone: reports.timezone }).toMillis();
    const report = await renderedMonthlyReport(deps.monthly, monthOf, unitsFilter(actorOf(c.get('principal'))));
    if (query.format === 'text') return c.text(report.text, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    return c.json(report);
  });

  mount(routes, figureReport, async (c, { params, query }) => {
    const name = params.figure;
    if (!isFigureName(name)) {
      throw new CaseflowError('not-found', `There is no report '${name}'; the reports are ${[...FIGURE_NAMES, 'warning-digest'].join(', ')}.`);
    }
    const errors: FieldError[] = [];
    const from = timeParam(query.from, 'from', reports.timezone, errors);
    const to = timeParam(query.to, 'to', reports.timezone, errors, true);
    if (from !== undefined && to !== undefined && to <= from) errors.push(fieldProblem('to', 'must be after from', '应晚于开始时间'));
    const { unit } = query;
    const format = query.format ?? 'json';
    if (errors.length > 0) refuse('report request', errors);

    const units = unitsFilter(actorOf(c.get('principal')));
    const report = await reports.figure(name, { from, to, unit, ...(units === undefined ? {} : { units }) });
    if (format === 'json') return c.json(report);
    const tableName = query.table ?? Object.keys(report.tables)[0];
    const table = report.tables[tableName];
    if (table === undefined) refuse('report request', [fieldProblem('table', `must be one of ${Object.keys(report.tables).join(', ')}`, `应为以下之一：${Object.keys(report.tables).join('、')}`)]);
    const day = (time: number | undefined) => (time === undefined ? 'all' : DateTime.fromMillis(time, { zone: reports.timezone }).toFormat('yyyyLLdd'));
    const filename = `${name}${tableName === Object.keys(report.tables)[0] ? '' : `-${tableName}`}-${day(from)}-${day(to === undefined ? undefined : to - 1)}.csv`;
    return c.body(toCsv(table), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
    });
  });

  return routes;
}
