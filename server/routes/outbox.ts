/**
 * The outbox: messages the processes sent, newest first, by delivery status, and a retry for
 * administrators (a failed or dead message goes back to pending with a fresh set of attempts).
 */
import { Hono } from 'hono';
import { CaseflowError } from '../../engine/errors.js';
import type { OutboxBrowser } from '../../engine/notify/index.js';
import type { Store } from '../../engine/runtime/store.js';
import { actorOf, type AppEnv } from '../context.js';
import { mount } from '../contract/mount.js';
import { getOutboxMessage, listOutbox, retryOutboxMessage } from '../contract/operations.js';
import { unitsFilter } from '../../engine/runtime/permissions.js';

/** What the outbox routes use. */
export interface OutboxRouteDeps {
  outbox: OutboxBrowser;
  store: Pick<Store, 'updateOutbox'>;
  clock: { now(): number };
  /** Called after a retry so the delivery loop sends it now rather than on its next round. */
  onRetry?: () => void;
}

const MAX_PAGE = 200;

function outboxId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new CaseflowError('not-found', `There is no outbox message ${text}.`);
  return id;
}

/** Routes of `/api/outbox`. */
export function outboxRoutes(deps: OutboxRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  mount(routes, listOutbox, async (c, { query }) => {
    const units = unitsFilter(actorOf(c.get('principal')));
    const page = await deps.outbox.page({
      status: query.status,
      caseId: query.case,
      before: query.before,
      limit: Math.min(query.limit ?? 50, MAX_PAGE),
      ...(units === undefined ? {} : { units }),
    });
    return c.json({ ...page, counts: await deps.outbox.counts(units) });
  });

  mount(routes, getOutboxMessage, async (c, { params }) => {
    const row = await deps.outbox.get(outboxId(params.id), unitsFilter(actorOf(c.get('principal'))));
    if (row === undefined) throw new CaseflowError('not-found', `There is no outbox message ${params.id}.`);
    return c.json(row);
  });

  mount(routes, retryOutboxMessage, async (c, { params }) => {
    const id = outboxId(params.id);
    const row = await deps.outbox.get(id);
    if (row === undefined) throw new CaseflowError('not-found', `There is no outbox message ${id}.`);
    if (row.status === 'sent' || row.status === 'pending') {
      throw new CaseflowError('conflict', `Outbox message ${id} is ${row.status}; only failed and dead messages can be retried.`, { details: { status: row.status } });
    }
    await deps.store.updateOutbox(id, { status: 'pending', attempts: 0, nextAttemptAt: deps.clock.now() });
    deps.onRetry?.();
    return c.json(await deps.outbox.get(id));
  });

  return routes;
}
