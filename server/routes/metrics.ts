/**
 * `GET /metrics`: Prometheus text. Counters come from the counting store; open cases by process
 * and state are counted from the case list, at most every `OPEN_CASES_TTL_MS`.
 */
import { Hono } from 'hono';
import type { Engine } from '../../engine/runtime/types.js';
import type { AppEnv } from '../context.js';
import { mount } from '../contract/mount.js';
import { metrics as metricsOperation } from '../contract/operations.js';
import type { AppDeps } from '../deps.js';
import { renderGauge, type GaugeSample } from '../metrics.js';

const OPEN_CASES_TTL_MS = 15_000;
/** Cases counted at most per scrape; beyond it the gauge says it is partial. */
const OPEN_CASES_SCAN_LIMIT = 200_000;
const PAGE = 1000;

/** Active cases grouped by process and state, and whether the count stopped at the limit. */
async function countOpenCases(engine: Engine): Promise<{ samples: GaugeSample[]; partial: boolean }> {
  const counts = new Map<string, GaugeSample>();
  let cursor: string | undefined;
  let scanned = 0;
  do {
    const page = await engine.listCases({ status: 'active', limit: PAGE, cursor }, { id: 'metrics', roles: [] });
    for (const record of page.items) {
      const key = `${record.processId}\u0000${record.state}`;
      const sample = counts.get(key) ?? { labels: { process: record.processId, state: record.state }, value: 0 };
      sample.value += 1;
      counts.set(key, sample);
    }
    scanned += page.items.length;
    cursor = page.nextCursor;
  } while (cursor !== undefined && scanned < OPEN_CASES_SCAN_LIMIT);
  return { samples: [...counts.values()], partial: cursor !== undefined };
}

/** Route of `/metrics`. */
export function metricsRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  let cached: { at: number; value: Promise<{ samples: GaugeSample[]; partial: boolean }> } | undefined;

  mount(routes, metricsOperation, async (c) => {
    const now = Date.now();
    if (!cached || now - cached.at > OPEN_CASES_TTL_MS) {
      const value = countOpenCases(deps.engine);
      cached = { at: now, value };
      value.catch(() => {
        cached = undefined;
      });
    }
    const open = await cached.value;
    const { eventsApplied, timersFired, casesOpened, requestDuration } = deps.metrics;
    const text = [
      eventsApplied.render(),
      timersFired.render(),
      casesOpened.render(),
      renderGauge('caseflow_open_cases', 'Active cases by process and state.', open.samples),
      renderGauge('caseflow_open_cases_partial', '1 when the open-case count stopped at its scan limit.', [{ labels: {}, value: open.partial ? 1 : 0 }]),
      requestDuration.render(),
    ].join('\n\n');
    return c.body(`${text}\n`, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
  });

  return routes;
}
