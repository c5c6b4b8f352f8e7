/**
 * `GET /health`: no login needed; 200 when the database answers (one indexed read), 503 otherwise.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { mount } from '../contract/mount.js';
import { health } from '../contract/operations.js';
import type { AppDeps } from '../deps.js';
import { errorFields } from '../log.js';

/** Route of `/health`. */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const startedAt = Date.now();
  mount(routes, health, async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await deps.engine.listCases({ limit: 1 }, { id: 'health', roles: [] });
      return c.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), clock: deps.manualClock ? 'manual' : 'system' });
    } catch (error) {
      deps.logger.error('health check failed', { requestId: c.get('requestId'), ...errorFields(error) });
      return c.json({ status: 'unavailable' }, 503);
    }
  });
  return routes;
}
