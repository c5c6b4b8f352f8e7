/**
 * The engine's time. With `CASEFLOW_CLOCK=manual`, an administrator moves it with
 * `POST /api/clock/advance {by: "25h"}` (recorded in the admin log) and what fell due fires;
 * without a manual clock that route does not exist (404). Other servers on the same PostgreSQL
 * database move their manual clocks to the same time.
 */
import { Hono } from 'hono';
import { parseDuration } from '../../engine/dsl/duration.js';
import { CaseflowError } from '../../engine/errors.js';
import { requestActor } from '../admin-audit.js';
import { mount } from '../contract/mount.js';
import { advanceClock, getClock } from '../contract/operations.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { errorFields } from '../log.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** Longest single move of a manual clock (a year), to catch a typo such as `2500d`. */
const MAX_ADVANCE_MS = 366 * 86_400_000;

/** Routes of `/api/clock`. */
export function clockRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine, manualClock, metrics } = deps;
  const routes = new Hono<AppEnv>();

  mount(routes, getClock, (c) => {
    const now = engine.clock.now();
    return c.json({ now, iso: new Date(now).toISOString(), manual: manualClock !== undefined });
  });

  if (manualClock) {
    mount(routes, advanceClock, async (c, { body }) => {
      const { by } = body;
      const parsed = parseDuration(by);
      if (!parsed || parsed.business || parsed.ms <= 0 || parsed.ms > MAX_ADVANCE_MS) {
        throw new CaseflowError('invalid-input', 'by must be a wall-clock duration such as "90m", "25h" or "3d" (at most a year).', {
          details: [fieldProblem('by', 'must be a duration such as "25h"', '应为时长，例如 "25h"')],
        });
      }
      const before = metrics.timersFired.total();
      const from = engine.clock.now();
      const firedHere = await engine.advanceClock(parsed.ms);
      const now = engine.clock.now();
      // The background scheduler may have fired some of them first; the counter sees both.
      const fired = Math.max(firedHere, metrics.timersFired.total() - before);
      await deps.adminLog.record({ actor: requestActor(c), action: 'clock.advance', target: 'clock', details: { by, ms: parsed.ms, from, to: now, fired } });
      // Told after this server fired what fell due, so the others step to the same time and find it done.
      await deps.clockMoved?.(now).catch((error: unknown) => deps.logger.warn('clock hint not sent', errorFields(error)));
      deps.logger.info('clock advanced', { requestId: c.get('requestId'), by: c.get('principal').username, ms: parsed.ms, now, fired });
      return c.json({ now, iso: new Date(now).toISOString(), advancedMs: parsed.ms, fired });
    });
  }

  return routes;
}
