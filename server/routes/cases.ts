/**
 * Cases: open one, list them (filters, cursor pages), read one with what the caller may do,
 * send it an event (`If-Match`, `Idempotency-Key`; the outcome, or the whole view with
 * `Prefer: return=representation`), and read its history, timers and replay.
 */
import { Hono, type Context } from 'hono';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import type { CaseQuery } from '../../engine/runtime/store.js';
import type { CaseView } from '../../engine/runtime/types.js';
import { FieldCheck, readJsonObject } from '../body.js';
import { actorOf, type AppEnv, type Principal } from '../context.js';
import type { AppDeps } from '../deps.js';
import { RequestProblem } from '../problem.js';

/** Inbox views: held by me, my roles' queues, waiting on my decision, all I can see. */
const VIEWS = ['assigned', 'queue', 'waiting', 'all'];

/** Most cases in one page. */
export const MAX_PAGE = 100;
const DEFAULT_PAGE = 50;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The `Idempotency-Key` header, scoped to the caller so that two users can never collide on,
 * or read each other's answers through, the same key.
 */
function idempotencyKey(c: Context<AppEnv>, principal: Principal): string | undefined {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new RequestProblem(400, 'idempotency-key-invalid', 'Idempotency-Key must be 1-200 visible ASCII characters.');
  }
  return `${principal.userId}:${key}`;
}

/** The revision named by `If-Match: "<revision>"`; `undefined` without the header or for `*`. */
function expectedRevision(c: Context<AppEnv>): number | undefined {
  const header = c.req.header('If-Match');
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) throw new RequestProblem(400, 'if-match-invalid', 'If-Match must be the case revision as an entity tag, for example If-Match: "3".');
  return Number(match[1]);
}

/**
 * Whether the caller asked for the whole case view after an event (`Prefer: return=representation`,
 * RFC 7240); otherwise the event answers with its outcome only.
 */
function wantsRepresentation(c: Context<AppEnv>): boolean {
  const prefer = c.req.header('Prefer');
  return prefer !== undefined && prefer.split(/[,;]/).some((part) => part.trim().toLowerCase() === 'return=representation');
}

/** Answers with a case view, its revision as the ETag. */
function caseResponse(c: Context<AppEnv>, view: CaseView, status: 200 | 201 = 200): Response {
  c.header('ETag', `"${view.revision}"`);
  return c.json(view, status);
}

/** Reads the list filters from the query string; 422 naming each bad parameter. */
function caseQuery(c: Context<AppEnv>, principal: Principal, now: number): CaseQuery {
  const errors: FieldError[] = [];
  const q = (name: string) => {
    const value = c.req.query(name);
    return value === undefined || value === '' ? undefined : value;
  };
  const flag = (name: string) => {
    const value = q(name);
    if (value === undefined) return false;
    if (['true', '1', 'yes'].includes(value)) return true;
    if (!['false', '0', 'no'].includes(value)) errors.push({ field: name, message: 'must be true or false' });
    return false;
  };
  let limit = DEFAULT_PAGE;
  const limitText = q('limit');
  if (limitText !== undefined) {
    const parsed = Number(limitText);
    if (!Number.isInteger(parsed) || parsed < 1) errors.push({ field: 'limit', message: `must be a whole number from 1 to ${MAX_PAGE}` });
    else limit = Math.min(parsed, MAX_PAGE);
  }
  const status = q('status');
  if (status !== undefined && status !== 'active' && status !== 'done') errors.push({ field: 'status', message: 'must be "active" or "done"' });
  const search = q('search');
  if (search !== undefined && search.length > 200) errors.push({ field: 'search', message: 'must be at most 200 characters' });
  const view = q('view');
  if (view !== undefined && !VIEWS.includes(view)) errors.push({ field: 'view', message: `must be one of ${VIEWS.join(', ')}` });
  const mineRoles = flag('mine') || view === 'queue' || view === 'waiting';
  const roles = mineRoles ? principal.roles : q('role')?.split(',').map((role) => role.trim()).filter(Boolean);
  const overdue = flag('overdue');
  const sort = q('sort');
  if (sort !== undefined && sort !== 'due' && sort !== 'created') errors.push({ field: 'sort', message: 'must be "due" or "created"' });
  const assigneeText = view === 'assigned' ? 'me' : q('assignee');
  const unit = q('unit');
  if (errors.length > 0) {
    throw new CaseflowError('invalid-input', `The case filter is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  }
  const query: CaseQuery = { limit };
  const processId = q('process');
  const state = q('state');
  const parentId = q('parent');
  const cursor = q('cursor');
  if (processId !== undefined) query.processId = processId;
  if (state !== undefined) query.state = state;
  if (status === 'active' || status === 'done') query.status = status;
  if (roles !== undefined) query.roles = roles;
  if (overdue) query.overdueAt = now;
  // Sorted by due time: the cases with a running deadline, the soonest first.
  else if (sort === 'due') query.overdueAt = Number.MAX_SAFE_INTEGER;
  if (assigneeText === 'me') query.assignee = principal.username;
  else if (assigneeText === 'none') query.assignee = null;
  else if (assigneeText !== undefined) query.assignee = assigneeText;
  if (view === 'queue') {
    query.queued = true;
    query.status = 'active';
  }
  if (view === 'waiting') {
    query.waiting = true;
    query.status = 'active';
  }
  if (unit !== undefined) query.units = unit.split(',').map((u) => u.trim()).filter(Boolean);
  if (search !== undefined) query.search = search;
  if (parentId !== undefined) query.parentId = parentId;
  if (cursor !== undefined) query.cursor = cursor;
  return query;
}

/** Routes of `/api/cases`. */
export function caseRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine } = deps;
  const routes = new Hono<AppEnv>();

  routes.post('/cases', async (c) => {
    const principal = c.get('principal');
    const key = idempotencyKey(c, principal);
    const body = await readJsonObject(c);
    const check = new FieldCheck(body, 'case');
    const process = check.string('process', { max: 200 });
    const data = check.object('data');
    const parentId = check.string('parentId', { optional: true, max: 200 });
    check.done();
    if (process === undefined || data === undefined) throw new CaseflowError('invalid-input', 'process and data are required');
    const view = await engine.createCase({ process, data, actor: actorOf(principal), idempotencyKey: key, parentId });
    c.header('Location', `/api/cases/${encodeURIComponent(view.id)}`);
    return caseResponse(c, view, 201);
  });

  routes.get('/cases', async (c) => {
    const principal = c.get('principal');
    const page = await engine.listCases(caseQuery(c, principal, engine.clock.now()), actorOf(principal));
    return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
  });

  routes.get('/cases/:id', async (c) => {
    const view = await engine.getCase(c.req.param('id'), actorOf(c.get('principal')));
    return caseResponse(c, view);
  });

  routes.post('/cases/:id/events', async (c) => {
    const principal = c.get('principal');
    const key = idempotencyKey(c, principal);
    const revision = expectedRevision(c);
    c.set('conditional', revision !== undefined);
    const body = await readJsonObject(c);
    const check = new FieldCheck(body, 'event');
    const type = check.string('type', { max: 200 });
    const input = check.object('input', { optional: true });
    check.done();
    if (type === undefined) throw new CaseflowError('invalid-input', 'type is required');
    if (type.startsWith('$')) throw new CaseflowError('event-not-allowed', `Event '${type}' is sent by Caseflow itself, not by people.`);
    const options = { expectedRevision: revision, idempotencyKey: key };
    if (wantsRepresentation(c)) {
      c.header('Preference-Applied', 'return=representation');
      return caseResponse(c, await engine.applyEvent(c.req.param('id'), { type, input }, actorOf(principal), options));
    }
    const outcome = await engine.sendEvent(c.req.param('id'), { type, input }, actorOf(principal), options);
    c.header('ETag', `"${outcome.revision}"`);
    return c.json(outcome);
  });

  routes.get('/cases/:id/history', async (c) => {
    const id = c.req.param('id');
    return c.json({ caseId: id, events: await engine.history(id, actorOf(c.get('principal'))) });
  });

  routes.get('/cases/:id/timers', async (c) => {
    const id = c.req.param('id');
    return c.json({ caseId: id, timers: await engine.timers(id, actorOf(c.get('principal'))) });
  });

  routes.get('/cases/:id/replay', async (c) => c.json(await engine.replay(c.req.param('id'), actorOf(c.get('principal')))));

  return routes;
}
