/**
 * `POST /api/simulate`: a trial case of a draft process, driven by events and clock moves and
 * reported step by step. Nothing is stored, sent or opened; the engine's store is not touched.
 * It runs in a worker thread within `simulationTimeoutMs`, so it cannot stall the server.
 */
import { Hono } from 'hono';
import { MAX_SIMULATION_STEPS, type SimulationStep } from '../../engine/runtime/simulate.js';
import { SimulationTimedOut } from '../../engine/runtime/simulation-pool.js';
import { requireRoles } from '../auth/roles.js';
import { FieldCheck, isJsonObject, readJsonObject } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { readDraftSource } from '../draft-source.js';
import { RequestProblem } from '../problem.js';

/** Who may simulate: those who write processes. */
export const SIMULATORS = ['process-owner', 'admin'];

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Reads `steps`: each `{advance}` or `{type, input?, roles?}`; problems go to `check`. */
function readSteps(value: unknown, check: FieldCheck): SimulationStep[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    check.errors.push({ field: 'steps', message: 'must be a list of steps' });
    return [];
  }
  if (value.length > MAX_SIMULATION_STEPS) {
    check.errors.push({ field: 'steps', message: `must have at most ${MAX_SIMULATION_STEPS} steps` });
    return [];
  }
  const steps: SimulationStep[] = [];
  value.forEach((step: unknown, i) => {
    const field = `steps[${i}]`;
    if (!isJsonObject(step)) check.errors.push({ field, message: 'must be {"type", "input"?, "roles"?} or {"advance": "25h"}' });
    else if (typeof step.advance === 'string' && step.advance.length <= 50) steps.push({ advance: step.advance });
    else if (step.advance !== undefined) check.errors.push({ field: `${field}.advance`, message: 'must be a duration such as "25h"' });
    else if (typeof step.type !== 'string' || step.type === '' || step.type.length > 100) check.errors.push({ field: `${field}.type`, message: 'must name an event' });
    else if (step.input !== undefined && !isJsonObject(step.input)) check.errors.push({ field: `${field}.input`, message: 'must be an object' });
    else if (step.roles !== undefined && !isStrings(step.roles)) check.errors.push({ field: `${field}.roles`, message: 'must be a list of roles' });
    else steps.push({ type: step.type, input: isJsonObject(step.input) ? step.input : undefined, roles: isStrings(step.roles) ? step.roles : undefined });
  });
  return steps;
}

/** Reads `start`: epoch ms or an ISO time; the engine's now when left out. */
function readStart(value: unknown, now: number, check: FieldCheck): number {
  if (value === undefined || value === null) return now;
  const time = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) check.errors.push({ field: 'start', message: 'must be epoch milliseconds or an ISO time' });
  return time;
}

/** The route of `/api/simulate`. */
export function simulateRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/simulate', requireRoles(...SIMULATORS), async (c) => {
    const body = await readJsonObject(c);
    const check = new FieldCheck(body, 'simulation');
    const { yaml, files } = readDraftSource(check, deps.config.yamlLimit);
    const data = check.object('data', { optional: true }) ?? {};
    const roles = check.strings('roles');
    const actionsFor = check.strings('actionsFor');
    const steps = readSteps(body.steps, check);
    const start = readStart(body.start, deps.engine.clock.now(), check);
    check.done();
    try {
      return c.json(await deps.simulations.run({ yaml, files, calendars: await deps.engine.calendars(), data, roles, actionsFor, steps, start }));
    } catch (error) {
      if (error instanceof SimulationTimedOut) throw new RequestProblem(422, 'simulation-timed-out', error.message);
      throw error;
    }
  });
  return routes;
}
