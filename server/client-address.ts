/**
 * Where a request comes from and whether it came over https, honouring a proxy's
 * `X-Forwarded-*` headers only when told to trust them.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The caller's address: the first `X-Forwarded-For` hop behind a trusted proxy, else the socket's. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests, app.request) have no socket.
    return 'local';
  }
}

/** True when the request reached us (or the trusted proxy) over https. */
export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy && c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim().toLowerCase() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}
