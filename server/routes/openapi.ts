/**
 * `GET /api/openapi.json`: the API described (OpenAPI 3.1), written from the operation
 * declarations; the same document whatever the clock, readable without a login.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { openApiDocument } from '../contract/document.js';
import { mount } from '../contract/mount.js';
import { openApi } from '../contract/operations.js';

/** Route of `/api/openapi.json`. */
export function openApiRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const document = openApiDocument();
  mount(routes, openApi, (c) => c.json(document));
  return routes;
}
