/**
 * One structured log line per request, with its request id, and its latency in the histogram.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from './context.js';
import type { Logger } from './log.js';
import type { CaseflowMetrics } from './metrics.js';

/** Logs and measures every request after it is answered. */
export function requestLog(logger: Logger, metrics: CaseflowMetrics): MiddlewareHandler<AppEnv> {
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const status = c.res.status;
    // The route of the handler that answered (the last one run), not the last one matched: the
    // UI's catch-all GET matches every path but answers only its own.
    const pattern = routePath(c);
    // Unmatched paths share one label, so scanners cannot blow up the metric's cardinality.
    const route = status === 404 && pattern.endsWith('*') ? 'unmatched' : pattern;
    const method = c.req.method;
    metrics.requestDuration.observe({ method, route, status: String(status) }, seconds);
    const failed = status >= 500;
    if (!failed && logger.enabled?.('info') === false) return;
    const fields = {
      requestId: c.get('requestId'),
      method,
      path: c.req.path,
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      user: c.get('principal')?.username,
    };
    if (failed) logger.error('request', fields);
    else logger.info('request', fields);
  };
}
