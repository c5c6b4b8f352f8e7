/**
 * `POST /api/simulate`: a trial case of a draft process, driven by events and clock moves and
 * reported step by step. Nothing is stored, sent or opened; the engine's store is not touched.
 * It runs in a worker thread within `simulationTimeoutMs`, so it cannot stall the server.
 */
import { Hono } from 'hono';
import { CaseflowError } from '../../engine/errors.js';
import type { SimulationStep } from '../../engine/runtime/simulate.js';
import { SimulationTimedOut } from '../../engine/runtime/simulation-pool.js';
import type { AppEnv } from '../context.js';
import { mount } from '../contract/mount.js';
import { simulate } from '../contract/processes.js';
import { namedSimulation } from '../../engine/runtime/directory-names.js';
import { peopleDirectory } from '../auth/people-directory.js';
import type { AppDeps } from '../deps.js';
import { draftSource } from '../draft-source.js';
import { RequestProblem } from '../problem.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** Reads `start`: epoch ms or an ISO time; the engine's now when left out. */
function readStart(value: number | string | undefined, now: number): number {
  if (value === undefined) return now;
  const time = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(time)) {
    throw new CaseflowError('invalid-input', 'The simulation is not valid: start must be epoch milliseconds or an ISO time.', {
      details: [fieldProblem('start', 'must be epoch milliseconds or an ISO time', '应为毫秒时间戳或 ISO 时间')],
    });
  }
  return time;
}

/** The route of `/api/simulate`. */
export function simulateRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  mount(routes, simulate, async (c, { body }) => {
    const { yaml, files } = draftSource(body.yaml, body.files, deps.config.yamlLimit);
    const steps: SimulationStep[] = (body.steps ?? []).map((step) => ('advance' in step ? { advance: step.advance } : { type: step.type, input: step.input, roles: step.roles }));
    const start = readStart(body.start, deps.engine.clock.now());
    try {
      const result = await deps.simulations.run({ yaml, files, calendars: await deps.engine.calendars(), data: body.data ?? {}, roles: body.roles, actionsFor: body.actionsFor, steps, start });
      return c.json(await namedSimulation(peopleDirectory(deps.accounts), result));
    } catch (error) {
      if (error instanceof SimulationTimedOut) throw new RequestProblem(422, 'simulation-timed-out', error.message);
      throw error;
    }
  });
  return routes;
}
