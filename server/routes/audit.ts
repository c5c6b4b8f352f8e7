/**
 * Audit: the whole-database check (every case chain, the admin log and the sealed checkpoints),
 * the administrative audit log (filter, page, export as CSV or JSON), and checkpoints on demand.
 */
import { Hono, type Context } from 'hono';
import { ADMIN_ACTIONS, type AdminLogEntry, type AdminLogFilter } from '../../engine/audit/types.js';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { toCsv, type FigureTable } from '../../engine/reports/csv.js';
import { requestActor } from '../admin-audit.js';
import { requireRoles } from '../auth/roles.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';

/** Who may read the admin log. */
export const ADMIN_LOG_READERS = ['auditor', 'admin'];
/** Entries in one page of the log. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 500;
/** Most entries in one export. */
const MAX_EXPORT = 10_000;
const DAY = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A time from the query: epoch ms, an ISO date-time, or a date (UTC; `to` a date means the end of that day). */
function timeParam(c: Context<AppEnv>, name: 'from' | 'to', errors: FieldError[]): number | undefined {
  const text = c.req.query(name);
  if (text === undefined || text === '') return undefined;
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    errors.push({ field: name, message: 'must be a date (2025-03-31), an ISO date-time or epoch milliseconds' });
    return undefined;
  }
  return DATE_ONLY.test(text) && name === 'to' ? time + DAY : time;
}

/** A positive whole number from the query, at most `max`. */
function countParam(c: Context<AppEnv>, name: string, max: number, errors: FieldError[]): number | undefined {
  const text = c.req.query(name);
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    errors.push({ field: name, message: `must be a whole number from 1 to ${max}` });
    return undefined;
  }
  return value;
}

/** The filter of a log request, or a 422 naming each bad parameter. */
function logFilter(c: Context<AppEnv>): { filter: Omit<AdminLogFilter, 'limit'>; limit?: number; format?: 'csv' | 'json' } {
  const errors: FieldError[] = [];
  const action = c.req.query('action') || undefined;
  if (action !== undefined && !ADMIN_ACTIONS.some((known) => known === action)) errors.push({ field: 'action', message: `must be one of ${ADMIN_ACTIONS.join(', ')}` });
  const actor = c.req.query('actor') || undefined;
  if (actor !== undefined && actor.length > 200) errors.push({ field: 'actor', message: 'must be at most 200 characters' });
  const from = timeParam(c, 'from', errors);
  const to = timeParam(c, 'to', errors);
  if (from !== undefined && to !== undefined && to <= from) errors.push({ field: 'to', message: 'must be after from' });
  const before = countParam(c, 'before', Number.MAX_SAFE_INTEGER, errors);
  const limit = countParam(c, 'limit', MAX_PAGE, errors);
  const formatText = c.req.query('format');
  const format = formatText === 'csv' || formatText === 'json' ? formatText : undefined;
  if (formatText !== undefined && formatText !== '' && format === undefined) errors.push({ field: 'format', message: 'must be csv or json' });
  if (errors.length > 0) {
    throw new CaseflowError('invalid-input', `The log request is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  }
  return { filter: { action, actor, from, to, before }, limit, format };
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
  routes.get('/audit/verify', requireRoles('auditor', 'admin'), async (c) => c.json(await deps.engine.verifyAll()));

  routes.get('/audit/log', requireRoles(...ADMIN_LOG_READERS), async (c) => {
    const { filter, limit, format } = logFilter(c);
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

  routes.post('/audit/checkpoint', requireRoles('admin'), async (c) => {
    const checkpoint = await deps.checkpoints.now();
    await deps.adminLog.record({ actor: requestActor(c), action: 'audit.checkpoint', target: `checkpoint ${checkpoint.seq}`, details: { cases: checkpoint.caseCount, adminSeq: checkpoint.adminSeq } });
    return c.json(checkpoint, 201);
  });
  return routes;
}
