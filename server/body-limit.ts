/**
 * The request body size limit, decided from `Content-Length` when the request has one, so the
 * common request never makes @hono/node-server build a Web `Request` and its body stream.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Refuses (through `onError`) bodies over `maxSize` bytes. Same answers as Hono's `bodyLimit`,
 * which it falls back to for chunked or length-less bodies; Hono's reads `c.req.raw.body`
 * first, and on node that alone costs a Web `Request`, an `AbortSignal` and a stream per request.
 */
export function bodySizeLimit(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return async function bodySizeLimitMiddleware(c, next) {
    const method = c.req.method;
    // Neither may carry a body (the Web Request that Hono's middleware would look at has none).
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('Content-Length');
    if (length !== undefined && c.req.header('Transfer-Encoding') === undefined) {
      if (parseInt(length, 10) > maxSize) return onError(c);
      return next();
    }
    return streamed(c, next);
  };
}
