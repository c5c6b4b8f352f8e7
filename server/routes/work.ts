/**
 * Staff work on cases: assign, claim, release, notes, bulk actions, the workload view, and the
 * in-app notifications. Each change is an event of the case, decided by the engine
 * (engine/runtime/permissions.ts); these routes only read requests and shape answers.
 */
import { Hono } from 'hono';
import { CaseflowError } from '../../engine/errors.js';
import { BULK_LIMIT, type BulkAction } from '../../engine/runtime/bulk.js';
import { requireRoles } from '../auth/roles.js';
import { FieldCheck, readJsonObject } from '../body.js';
import { actorOf, type AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';

/** Who sees the workload of the people in their units. */
export const WORKLOAD_READERS = ['team-lead', 'center-manager', 'cs-director', 'general-manager', 'admin'];

const DAY_MS = 24 * 60 * 60 * 1000;
const BULK_ACTIONS = ['assign', 'claim', 'release', 'event'];

/** The end of the day (UTC+8, the centres' zone) that `now` falls in. */
function dayEnd(now: number): number {
  const offset = 8 * 60 * 60 * 1000;
  return Math.floor((now + offset) / DAY_MS) * DAY_MS + DAY_MS - offset;
}

/** Routes of assignment, notes, bulk actions, workload and notifications. */
export function workRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine } = deps;
  const routes = new Hono<AppEnv>();

  routes.post('/cases/:id/assign', async (c) => {
    const check = new FieldCheck(await readJsonObject(c), 'assignment');
    const to = check.string('to', { max: 200 });
    const reason = check.string('reason', { optional: true, max: 500 });
    check.done();
    if (to === undefined) throw new CaseflowError('invalid-input', 'to is required');
    const view = await engine.assign(c.req.param('id'), to, actorOf(c.get('principal')), reason);
    c.header('ETag', `"${view.revision}"`);
    return c.json(view);
  });

  routes.post('/cases/:id/claim', async (c) => {
    const view = await engine.claim(c.req.param('id'), actorOf(c.get('principal')));
    c.header('ETag', `"${view.revision}"`);
    return c.json(view);
  });

  routes.post('/cases/:id/release', async (c) => {
    const body = c.req.header('content-length') === '0' || c.req.header('content-type') === undefined ? {} : await readJsonObject(c);
    const check = new FieldCheck(body, 'release');
    const reason = check.string('reason', { optional: true, max: 500 });
    check.done();
    const view = await engine.release(c.req.param('id'), actorOf(c.get('principal')), reason);
    c.header('ETag', `"${view.revision}"`);
    return c.json(view);
  });

  routes.post('/cases/:id/notes', async (c) => {
    const check = new FieldCheck(await readJsonObject(c), 'note');
    const text = check.string('text', { max: 4000 });
    check.done();
    if (text === undefined) throw new CaseflowError('invalid-input', 'text is required');
    const view = await engine.addNote(c.req.param('id'), text, actorOf(c.get('principal')));
    c.header('ETag', `"${view.revision}"`);
    return c.json(view, 201);
  });

  routes.post('/cases/bulk', async (c) => {
    const body = await readJsonObject(c);
    const check = new FieldCheck(body, 'bulk request');
    const ids = check.strings('ids');
    const action = check.string('action', { max: 20 });
    if (ids === undefined) check.errors.push({ field: 'ids', message: 'is required' });
    else if (ids.length === 0 || ids.length > BULK_LIMIT) check.errors.push({ field: 'ids', message: `must list 1 to ${BULK_LIMIT} case ids` });
    if (action !== undefined && !BULK_ACTIONS.includes(action)) check.errors.push({ field: 'action', message: `must be one of ${BULK_ACTIONS.join(', ')}` });
    const to = action === 'assign' ? check.string('to', { max: 200 }) : undefined;
    const type = action === 'event' ? check.string('type', { max: 200 }) : undefined;
    const input = action === 'event' ? check.object('input', { optional: true }) : undefined;
    const reason = check.string('reason', { optional: true, max: 500 });
    check.done();
    if (type?.startsWith('$')) throw new CaseflowError('event-not-allowed', `Event '${type}' is sent by Caseflow itself, not by people.`);
    let bulk: BulkAction;
    if (action === 'assign' && to !== undefined) bulk = reason === undefined ? { action, to } : { action, to, reason };
    else if (action === 'claim') bulk = { action };
    else if (action === 'release') bulk = reason === undefined ? { action } : { action, reason };
    else if (action === 'event' && type !== undefined) bulk = input === undefined ? { action, type } : { action, type, input };
    else throw new CaseflowError('invalid-input', 'action is required', { details: [{ field: 'action', message: 'is required' }] });
    const results = await engine.bulk(ids ?? [], bulk, actorOf(c.get('principal')));
    return c.json({ results, succeeded: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length });
  });

  routes.get('/workload', requireRoles(...WORKLOAD_READERS), async (c) => {
    const actor = actorOf(c.get('principal'));
    const rows = await engine.workload(actor, dayEnd(engine.clock.now()));
    const people = await Promise.all(rows.map(async (row) => {
      const user = await deps.accounts.findUserByUsername(row.assignee);
      return { ...row, username: row.assignee, userId: user?.id ?? null };
    }));
    return c.json({ people });
  });

  routes.get('/notifications', async (c) => {
    const unreadOnly = c.req.query('unread') === 'true';
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw new CaseflowError('invalid-input', 'limit must be a whole number from 1 to 200', { details: [{ field: 'limit', message: 'must be a whole number from 1 to 200' }] });
    }
    return c.json(await engine.notices(actorOf(c.get('principal')), { unreadOnly, limit }));
  });

  routes.post('/notifications/read', async (c) => {
    const body = c.req.header('content-type') === undefined ? {} : await readJsonObject(c);
    const raw = body.ids;
    if (raw !== undefined && (!Array.isArray(raw) || raw.some((id) => !Number.isInteger(id)))) {
      throw new CaseflowError('invalid-input', 'ids must be a list of notification ids', { details: [{ field: 'ids', message: 'must be a list of whole numbers' }] });
    }
    const ids = Array.isArray(raw) ? raw.map(Number) : undefined;
    const marked = await engine.markNoticesRead(actorOf(c.get('principal')), ids);
    return c.json({ marked });
  });

  return routes;
}
