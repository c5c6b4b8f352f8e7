/**
 * Saved inbox filters: `GET /api/filters` (one's own and those shared with one's units or roles),
 * `POST /api/filters` (save the inbox's query under a name, optionally shared), and
 * `DELETE /api/filters/:id` (the owner or an admin).
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { SavedFilter } from '../../engine/accounts/saved-filters.js';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { mount } from '../contract/mount.js';
import { deleteFilter, listFilters, saveFilter } from '../contract/people.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** Routes of `/api/filters`. */
export function filterRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const store = () => {
    if (!deps.filters) throw new CaseflowError('not-found', 'saved filters are not kept by this server');
    return deps.filters;
  };

  mount(routes, listFilters, async (c) => {
    const principal = c.get('principal');
    const units = principal.scope && !principal.scope.all ? principal.scope.units : [];
    return c.json({ items: await store().list({ userId: principal.userId, units, roles: principal.roles }) });
  });

  mount(routes, saveFilter, async (c, { body }) => {
    const principal = c.get('principal');
    const { name, sharedUnit, sharedRole } = body;
    const query = Object.fromEntries(Object.entries(body.query).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const errors: FieldError[] = [];
    const scopeUnits = principal.scope && !principal.scope.all ? principal.scope.units : undefined;
    if (sharedUnit !== undefined && scopeUnits !== undefined && !scopeUnits.includes(sharedUnit)) {
      errors.push(fieldProblem('sharedUnit', 'must be one of your units', '须为您所属的业务单元'));
    }
    if (sharedRole !== undefined && !principal.roles.includes(sharedRole)) errors.push(fieldProblem('sharedRole', 'must be one of your roles', '须为您拥有的角色'));
    if (errors.length > 0) throw new CaseflowError('invalid-input', `The filter is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
    const filter: SavedFilter = { id: randomUUID(), ownerId: principal.userId, name, query, createdAt: deps.engine.clock.now() };
    if (sharedUnit !== undefined) filter.sharedUnit = sharedUnit;
    if (sharedRole !== undefined) filter.sharedRole = sharedRole;
    const saved = await store().save(filter);
    c.header('Location', `/api/filters/${saved.id}`);
    return c.json(saved, 201);
  });

  mount(routes, deleteFilter, async (c, { params }) => {
    const principal = c.get('principal');
    const filter = await store().get(params.id);
    if (!filter) throw new CaseflowError('not-found', `filter ${params.id} does not exist`);
    if (filter.ownerId !== principal.userId && !principal.roles.includes('admin')) {
      throw new CaseflowError('role-not-allowed', 'only the owner of a filter (or an admin) may delete it');
    }
    await store().remove(filter.id);
    return c.body(null, 204);
  });

  return routes;
}
