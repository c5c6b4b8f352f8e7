/**
 * Staff work on cases: assign, claim, release, notes, bulk actions, the workload view, and the
 * in-app notifications. Each change is an event of the case, decided by the engine
 * (engine/runtime/permissions.ts); these routes only read requests and shape answers.
 */
import { Hono, type Context } from 'hono';
import { CaseflowError } from '../../engine/errors.js';
import type { BulkAction } from '../../engine/runtime/bulk.js';
import type { CaseView } from '../../engine/runtime/types.js';
import { caseDto } from '../contract/case-shapes.js';
import { mount } from '../contract/mount.js';
import { addNote, assignCase, bulkAction, claimCase, markNotificationsRead, notifications, releaseCase, workload } from '../contract/work.js';
import { actorOf, type AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { fieldProblem } from '../../engine/field-rules.js';


const DAY_MS = 24 * 60 * 60 * 1000;

/** The end of the day (UTC+8, the centres' zone) that `now` falls in. */
function dayEnd(now: number): number {
  const offset = 8 * 60 * 60 * 1000;
  return Math.floor((now + offset) / DAY_MS) * DAY_MS + DAY_MS - offset;
}

/** Routes of assignment, notes, bulk actions, workload and notifications. */
export function workRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine } = deps;
  const routes = new Hono<AppEnv>();

  const caseAnswer = (c: Context<AppEnv>, view: CaseView, status: 200 | 201 = 200) => {
    c.header('ETag', `"${view.revision}"`);
    return c.json(caseDto(view), status);
  };

  mount(routes, assignCase, async (c, { params, body }) => caseAnswer(c, await engine.assign(params.id, body.to, actorOf(c.get('principal')), body.reason)));

  mount(routes, claimCase, async (c, { params }) => caseAnswer(c, await engine.claim(params.id, actorOf(c.get('principal')))));

  mount(routes, releaseCase, async (c, { params, body }) => caseAnswer(c, await engine.release(params.id, actorOf(c.get('principal')), body.reason)));

  mount(routes, addNote, async (c, { params, body }) => caseAnswer(c, await engine.addNote(params.id, body.text, actorOf(c.get('principal'))), 201));

  mount(routes, bulkAction, async (c, { body }) => {
    const { action, to, type, input, reason } = body;
    if (type?.startsWith('$')) throw new CaseflowError('event-not-allowed', `Event '${type}' is sent by Caseflow itself, not by people.`);
    let bulk: BulkAction;
    if (action === 'assign') {
      if (to === undefined) throw new CaseflowError('invalid-input', 'to is required to assign', { details: [fieldProblem('to', 'is required', '必填')] });
      bulk = reason === undefined ? { action, to } : { action, to, reason };
    } else if (action === 'claim') bulk = { action };
    else if (action === 'release') bulk = reason === undefined ? { action } : { action, reason };
    else {
      if (type === undefined) throw new CaseflowError('invalid-input', 'type is required to send an event', { details: [fieldProblem('type', 'is required', '必填')] });
      bulk = input === undefined ? { action, type } : { action, type, input };
    }
    const results = await engine.bulk(body.ids, bulk, actorOf(c.get('principal')));
    return c.json({ results, succeeded: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length });
  });

  mount(routes, workload, async (c) => {
    const actor = actorOf(c.get('principal'));
    const rows = await engine.workload(actor, dayEnd(engine.clock.now()));
    const people = await Promise.all(rows.map(async (row) => {
      const user = await deps.accounts.findUserByUsername(row.assignee);
      return { ...row, username: row.assignee, userId: user?.id ?? null };
    }));
    return c.json({ people });
  });

  mount(routes, notifications, async (c, { query }) =>
    c.json(await engine.notices(actorOf(c.get('principal')), { unreadOnly: query.unread === true, limit: query.limit ?? 50 })));

  mount(routes, markNotificationsRead, async (c, { body }) => c.json({ marked: await engine.markNoticesRead(actorOf(c.get('principal')), body.ids) }));

  return routes;
}
