/**
 * Whole-database audit: every case's hash chain checked.
 */
import { Hono } from 'hono';
import { requireRoles } from '../auth/roles.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';

/** Routes of `/api/audit`. */
export function auditRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/audit/verify', requireRoles('auditor', 'admin'), async (c) => c.json(await deps.engine.verifyAll()));
  return routes;
}
