/**
 * Cases: open one, list them (filters, cursor pages), read one with what the caller may do,
 * send it an event (`If-Match`, `Idempotency-Key`; the outcome, or the whole view with
 * `Prefer: return=representation`), and read its history, timers and replay.
 */
import { Hono, type Context } from 'hono';
import { CaseflowError } from '../../engine/errors.js';
import type { CaseQuery } from '../../engine/runtime/store.js';
import type { CaseView } from '../../engine/runtime/types.js';
import { caseDto, caseSummary } from '../contract/case-shapes.js';
import { caseHistory, caseTimers, getCase, listCases, MAX_CASE_PAGE, openCase, replayCase, sendEvent } from '../contract/cases.js';
import { mount } from '../contract/mount.js';
import type { RequestOf } from '../contract/operation.js';
import { actorOf, type AppEnv, type Principal } from '../context.js';
import type { AppDeps } from '../deps.js';
import { RequestProblem } from '../problem.js';

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
  return c.json(caseDto(view), status);
}

/** The engine's case query from the checked list filters. */
function caseQuery(filters: RequestOf<typeof listCases>['query'], principal: Principal, now: number): CaseQuery {
  const { view } = filters;
  const mineRoles = filters.mine === true || view === 'queue' || view === 'waiting';
  const roles = mineRoles ? principal.roles : filters.role?.split(',').map((role) => role.trim()).filter(Boolean);
  const assigneeText = view === 'assigned' ? 'me' : filters.assignee;
  const query: CaseQuery = { limit: Math.min(filters.limit ?? DEFAULT_PAGE, MAX_CASE_PAGE) };
  if (filters.process !== undefined) query.processId = filters.process;
  if (filters.state !== undefined) query.state = filters.state;
  if (filters.status !== undefined) query.status = filters.status;
  if (roles !== undefined) query.roles = roles;
  if (filters.overdue === true) query.overdueAt = now;
  // Sorted by due time: the cases with a running deadline, the soonest first.
  else if (filters.sort === 'due') query.overdueAt = Number.MAX_SAFE_INTEGER;
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
  if (filters.unit !== undefined) query.units = filters.unit.split(',').map((u) => u.trim()).filter(Boolean);
  if (filters.search !== undefined) query.search = filters.search;
  if (filters.parent !== undefined) query.parentId = filters.parent;
  if (filters.cursor !== undefined) query.cursor = filters.cursor;
  return query;
}

/** Routes of `/api/cases`. */
export function caseRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine } = deps;
  const routes = new Hono<AppEnv>();

  mount(routes, openCase, async (c, { body }) => {
    const principal = c.get('principal');
    const key = idempotencyKey(c, principal);
    const view = await engine.createCase({ process: body.process, data: body.data, actor: actorOf(principal), idempotencyKey: key, parentId: body.parentId });
    c.header('Location', `/api/cases/${encodeURIComponent(view.id)}`);
    return caseResponse(c, view, 201);
  });

  mount(routes, listCases, async (c, { query }) => {
    const principal = c.get('principal');
    const page = await engine.listCases(caseQuery(query, principal, engine.clock.now()), actorOf(principal));
    return c.json({ items: page.items.map(caseSummary), nextCursor: page.nextCursor ?? null });
  });

  mount(routes, getCase, async (c, { params }) => caseResponse(c, await engine.getCase(params.id, actorOf(c.get('principal')))));

  mount(routes, sendEvent, async (c, { params, body }) => {
    const principal = c.get('principal');
    const key = idempotencyKey(c, principal);
    const revision = expectedRevision(c);
    c.set('conditional', revision !== undefined);
    if (body.type.startsWith('$')) throw new CaseflowError('event-not-allowed', `Event '${body.type}' is sent by Caseflow itself, not by people.`);
    const options = { expectedRevision: revision, idempotencyKey: key };
    if (wantsRepresentation(c)) {
      c.header('Preference-Applied', 'return=representation');
      return caseResponse(c, await engine.applyEvent(params.id, { type: body.type, input: body.input }, actorOf(principal), options));
    }
    const outcome = await engine.sendEvent(params.id, { type: body.type, input: body.input }, actorOf(principal), options);
    c.header('ETag', `"${outcome.revision}"`);
    return c.json(outcome);
  });

  mount(routes, caseHistory, async (c, { params }) => c.json({ caseId: params.id, events: await engine.history(params.id, actorOf(c.get('principal'))) }));

  mount(routes, caseTimers, async (c, { params }) => c.json({ caseId: params.id, timers: await engine.timers(params.id, actorOf(c.get('principal'))) }));

  mount(routes, replayCase, async (c, { params }) => c.json(await engine.replay(params.id, actorOf(c.get('principal')))));

  return routes;
}
