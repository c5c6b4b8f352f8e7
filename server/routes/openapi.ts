/**
 * `GET /api/openapi.json`: the API described (OpenAPI 3.1).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { openApiDocument } from '../openapi.js';

/** Route of `/api/openapi.json`. */
export function openApiRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const document = openApiDocument({ manualClock: deps.manualClock !== undefined });
  routes.get('/openapi.json', (c) => c.json(document));
  return routes;
}
