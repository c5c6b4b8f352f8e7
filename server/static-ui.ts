/**
 * Serves the built admin UI (admin-ui/dist) when it exists: files as they are, and
 * `index.html` for the UI's own client-side routes.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEnv } from './context.js';

const API_PATH = /^\/(?:api(?:\/|$)|metrics$|health$)/;

/** Mounts the UI found in `dir` on `app`; false when there is no built UI. */
export function mountUi(app: Hono<AppEnv>, dir: string): boolean {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const files = serveStatic<AppEnv>({ root: dir });
  app.get('*', async (c, next) => {
    if (API_PATH.test(c.req.path)) return next();
    return files(c, next);
  });
  app.get('*', (c, next) => {
    if (API_PATH.test(c.req.path)) return next();
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(indexFile, 'utf8'));
  });
  return true;
}
