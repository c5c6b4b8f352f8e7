/**
 * The outbox: messages the processes sent, newest first, by delivery status, and a retry for
 * administrators (a failed or dead message goes back to pending with a fresh set of attempts).
 */
import { Hono } from 'hono';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { OUTBOX_STATUSES, type OutboxBrowser, type OutboxStatus } from '../../engine/notify/index.js';
import type { Store } from '../../engine/runtime/store.js';
import { requireRoles } from '../auth/roles.js';
import { actorOf, type AppEnv } from '../context.js';
import { unitsFilter } from '../../engine/runtime/permissions.js';

/** Who may read the outbox (messages carry customers' names and numbers). */
export const OUTBOX_READERS = ['admin', 'auditor', 'process-owner', 'team-lead', 'center-manager', 'cs-director', 'general-manager'];

/** What the outbox routes use. */
export interface OutboxRouteDeps {
  outbox: OutboxBrowser;
  store: Pick<Store, 'updateOutbox'>;
  clock: { now(): number };
  /** Called after a retry so the delivery loop sends it now rather than on its next round. */
  onRetry?: () => void;
}

const MAX_PAGE = 200;

function isStatus(value: string): value is OutboxStatus {
  return OUTBOX_STATUSES.some((status) => status === value);
}

function positiveInteger(value: string | undefined, field: string, errors: FieldError[]): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (Number.isInteger(number) && number > 0) return number;
  errors.push({ field, message: 'must be a whole number above 0' });
  return undefined;
}

function outboxId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new CaseflowError('not-found', `There is no outbox message ${text}.`);
  return id;
}

/** Routes of `/api/outbox`. */
export function outboxRoutes(deps: OutboxRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const readers = requireRoles(...OUTBOX_READERS);

  routes.get('/outbox', readers, async (c) => {
    const errors: FieldError[] = [];
    const statusText = c.req.query('status') || undefined;
    if (statusText !== undefined && !isStatus(statusText)) errors.push({ field: 'status', message: `must be one of ${OUTBOX_STATUSES.join(', ')}` });
    const limit = positiveInteger(c.req.query('limit'), 'limit', errors) ?? 50;
    const before = positiveInteger(c.req.query('before'), 'before', errors);
    if (errors.length > 0) {
      throw new CaseflowError('invalid-input', `The outbox filter is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
    }
    const units = unitsFilter(actorOf(c.get('principal')));
    const page = await deps.outbox.page({
      status: statusText !== undefined && isStatus(statusText) ? statusText : undefined,
      caseId: c.req.query('case') || undefined,
      before,
      limit: Math.min(limit, MAX_PAGE),
      ...(units === undefined ? {} : { units }),
    });
    return c.json({ ...page, counts: await deps.outbox.counts(units) });
  });

  routes.get('/outbox/:id', readers, async (c) => {
    const row = await deps.outbox.get(outboxId(c.req.param('id')), unitsFilter(actorOf(c.get('principal'))));
    if (row === undefined) throw new CaseflowError('not-found', `There is no outbox message ${c.req.param('id')}.`);
    return c.json(row);
  });

  routes.post('/outbox/:id/retry', requireRoles('admin'), async (c) => {
    const id = outboxId(c.req.param('id'));
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
