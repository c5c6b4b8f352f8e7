/**
 * Saved inbox filters: `GET /api/filters` (one's own and those shared with one's units or roles),
 * `POST /api/filters` (save the inbox's query under a name, optionally shared), and
 * `DELETE /api/filters/:id` (the owner or an admin).
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { SavedFilter } from '../../engine/accounts/saved-filters.js';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { FieldCheck, isJsonObject, readJsonObject } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';

/** The inbox query parameters a filter may keep. */
const FILTER_KEYS = ['view', 'process', 'state', 'status', 'overdue', 'role', 'mine', 'sort', 'assignee', 'unit', 'search'];

function queryOf(value: unknown, errors: FieldError[]): Record<string, string> {
  if (!isJsonObject(value)) {
    errors.push({ field: 'query', message: 'must be an object of inbox query parameters' });
    return {};
  }
  const query: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!FILTER_KEYS.includes(key)) errors.push({ field: `query.${key}`, message: `is not an inbox filter (${FILTER_KEYS.join(', ')})` });
    else if (typeof item !== 'string' || item.length > 200) errors.push({ field: `query.${key}`, message: 'must be text of at most 200 characters' });
    else query[key] = item;
  }
  return query;
}

/** Routes of `/api/filters`. */
export function filterRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const store = () => {
    if (!deps.filters) throw new CaseflowError('not-found', 'saved filters are not kept by this server');
    return deps.filters;
  };

  routes.get('/filters', async (c) => {
    const principal = c.get('principal');
    const units = principal.scope && !principal.scope.all ? principal.scope.units : [];
    return c.json({ items: await store().list({ userId: principal.userId, units, roles: principal.roles }) });
  });

  routes.post('/filters', async (c) => {
    const principal = c.get('principal');
    const body = await readJsonObject(c);
    const check = new FieldCheck(body, 'filter');
    const name = check.string('name', { max: 100 });
    const sharedUnit = check.string('sharedUnit', { optional: true, max: 100 });
    const sharedRole = check.string('sharedRole', { optional: true, max: 64 });
    const query = queryOf(body.query, check.errors);
    const scopeUnits = principal.scope && !principal.scope.all ? principal.scope.units : undefined;
    if (sharedUnit !== undefined && scopeUnits !== undefined && !scopeUnits.includes(sharedUnit)) {
      check.errors.push({ field: 'sharedUnit', message: 'must be one of your units' });
    }
    if (sharedRole !== undefined && !principal.roles.includes(sharedRole)) check.errors.push({ field: 'sharedRole', message: 'must be one of your roles' });
    check.done();
    if (name === undefined) throw new CaseflowError('invalid-input', 'name is required');
    const filter: SavedFilter = { id: randomUUID(), ownerId: principal.userId, name, query, createdAt: deps.engine.clock.now() };
    if (sharedUnit !== undefined) filter.sharedUnit = sharedUnit;
    if (sharedRole !== undefined) filter.sharedRole = sharedRole;
    const saved = await store().save(filter);
    c.header('Location', `/api/filters/${saved.id}`);
    return c.json(saved, 201);
  });

  routes.delete('/filters/:id', async (c) => {
    const principal = c.get('principal');
    const filter = await store().get(c.req.param('id'));
    if (!filter) throw new CaseflowError('not-found', `filter ${c.req.param('id')} does not exist`);
    if (filter.ownerId !== principal.userId && !principal.roles.includes('admin')) {
      throw new CaseflowError('role-not-allowed', 'only the owner of a filter (or an admin) may delete it');
    }
    await store().remove(filter.id);
    return c.body(null, 204);
  });

  return routes;
}
