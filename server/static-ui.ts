/**
 * Serves the built admin UI (admin-ui/dist) when it exists: files as they are (or their brotli
 * or gzip copy written by the build, when the browser accepts it), and `index.html` for the UI's
 * own client-side routes. Hashed files under /assets never change, so browsers keep them for a
 * year; index.html is revalidated on every load, so a new build is picked up at once.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEnv } from './context.js';

const API_PATH = /^\/(?:api(?:\/|$)|metrics$|health$)/;
const HASHED_ASSET = /^\/assets\//;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** index.html as built, with the compressed copies the build wrote beside it. */
interface IndexPage {
  plain: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  etag: string;
}

function readIndex(indexFile: string, etag: string): IndexPage {
  const optional = (path: string) => (existsSync(path) ? readFileSync(path) : undefined);
  return { plain: readFileSync(indexFile), br: optional(`${indexFile}.br`), gzip: optional(`${indexFile}.gz`), etag };
}

function sendIndex(c: Context<AppEnv>, page: IndexPage): Response {
  c.header('Cache-Control', 'no-cache');
  c.header('Vary', 'Accept-Encoding');
  c.header('ETag', page.etag);
  if (c.req.header('If-None-Match') === page.etag) return c.body(null, 304);
  c.header('Content-Type', 'text/html; charset=UTF-8');
  const accepts = c.req.header('Accept-Encoding') ?? '';
  if (page.br && /\bbr\b/.test(accepts)) {
    c.header('Content-Encoding', 'br');
    return c.body(new Uint8Array(page.br));
  }
  if (page.gzip && /\bgzip\b/.test(accepts)) {
    c.header('Content-Encoding', 'gzip');
    return c.body(new Uint8Array(page.gzip));
  }
  return c.body(new Uint8Array(page.plain));
}

/** Mounts the UI found in `dir` on `app`; false when there is no built UI. */
export function mountUi(app: Hono<AppEnv>, dir: string): boolean {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  // The entry script's hashed name changes with every build, so it identifies the page.
  const plain = readFileSync(indexFile, 'utf8');
  const etag = `"${/assets\/index-([\w-]+)\.js/.exec(plain)?.[1] ?? plain.length.toString(36)}"`;
  const page = readIndex(indexFile, etag);
  const files = serveStatic<AppEnv>({ root: dir, precompressed: true });
  app.get('*', async (c, next) => {
    if (API_PATH.test(c.req.path)) return next();
    if (c.req.path === '/' || c.req.path === '/index.html') return sendIndex(c, page);
    const found = await files(c, next);
    if (found instanceof Response && found.status === 200 && HASHED_ASSET.test(c.req.path)) found.headers.set('Cache-Control', IMMUTABLE);
    return found;
  });
  app.get('*', (c, next) => {
    if (API_PATH.test(c.req.path)) return next();
    // A missing hashed file is a stale tab asking for an old build: 404, never the page.
    if (HASHED_ASSET.test(c.req.path)) return next();
    return sendIndex(c, page);
  });
  return true;
}
