/**
 * Audit: the whole-database check (every case chain, the admin log and the sealed checkpoints),
 * the administrative audit log (filter, page, export as CSV or JSON), and checkpoints on demand.
 */
import { Hono } from 'hono';
import type { AdminLogEntry, AdminLogFilter } from '../../engine/audit/types.js';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { toCsv, type FigureTable } from '../../engine/reports/csv.js';
import { requestActor } from '../admin-audit.js';
import { mount } from '../contract/mount.js';
import type { RequestOf } from '../contract/operation.js';
import { adminLog, verifyAudit, writeCheckpoint } from '../contract/operations.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** Entries in one page of the log. */
const DEFAULT_PAGE = 100;
/** Most entries in one export. */
const MAX_EXPORT = 10_000;
const DAY = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A time from the query: epoch ms, an ISO date-time, or a date (UTC; `to` a date means the end of that day). */
function timeParam(text: string | undefined, name: 'from' | 'to', errors: FieldError[]): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    errors.push(fieldProblem(name, 'must be a date (2025-03-31), an ISO date-time or epoch milliseconds', '应为日期（2025-03-31）、ISO 日期时间或毫秒时间戳'));
    return undefined;
  }
  return DATE_ONLY.test(text) && name === 'to' ? time + DAY : time;
}

/** The filter of a checked log request, or a 422 naming each bad time. */
function logFilter(query: RequestOf<typeof adminLog>['query']): Omit<AdminLogFilter, 'limit'> {
  const errors: FieldError[] = [];
  const from = timeParam(query.from, 'from', errors);
  const to = timeParam(query.to, 'to', errors);
  if (from !== undefined && to !== undefined && to <= from) errors.push(fieldProblem('to', 'must be after from', '应晚于开始时间'));
  if (errors.length > 0) {
    throw new CaseflowError('invalid-input', `The log request is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  }
  return { action: query.action, actor: query.actor, from, to, before: query.before };
}

/** The entries as a table for CSV, one row each (details as JSON). */
function logTable(entries: AdminLogEntry[]): FigureTable {
  return {
    columns: ['seq', 'at', 'actorId', 'actorName', 'action', 'target', 'details', 'prevHash', 'hash'],
    rows: entries.map((e) => ({
      seq: e.seq, at: new Date(e.at).toISOString(), actorId: e.actorId, actorName: e.actorName, action: e.action, target: e.target,
      details: JSON.stringify(e.details), prevHash: e.prevHash, hash: e.hash,
    })),
  };
}

/** Routes of `/api/audit`. */
export function auditRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  mount(routes, verifyAudit, async (c) => c.json(await deps.engine.verifyAll()));

  mount(routes, adminLog, async (c, { query }) => {
    const filter = logFilter(query);
    const { limit, format } = query;
    if (format === undefined) {
      const pageSize = limit ?? DEFAULT_PAGE;
      const items = await deps.adminLog.list({ ...filter, limit: pageSize + 1 });
      const page = items.slice(0, pageSize);
      return c.json(items.length > pageSize ? { items: page, nextBefore: page[page.length - 1].seq } : { items: page });
    }
    const entries = await deps.adminLog.list({ ...filter, limit: limit ?? MAX_EXPORT });
    const stamp = new Date(deps.engine.clock.now()).toISOString().slice(0, 10).replaceAll('-', '');
    c.header('Content-Disposition', `attachment; filename="admin-log-${stamp}.${format}"`);
    if (format === 'json') return c.json({ items: entries });
    return c.body(toCsv(logTable(entries)), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  mount(routes, writeCheckpoint, async (c) => {
    const checkpoint = await deps.checkpoints.now();
    await deps.adminLog.record({ actor: requestActor(c), action: 'audit.checkpoint', target: `checkpoint ${checkpoint.seq}`, details: { cases: checkpoint.caseCount, adminSeq: checkpoint.adminSeq } });
    return c.json(checkpoint, 201);
  });
  return routes;
}
