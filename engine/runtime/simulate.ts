/**
 * Simulation of a draft process: a trial case opened from YAML and driven by a list of steps
 * (people's events and moves of a manual clock that fire due timers), reported step by step.
 * Pure: nothing is stored, no message is sent, no linked case is opened.
 */
import type { StateValue } from 'xstate';
import type { Actor, AvailableEvent, CompiledProcess, DeadlineView, StartCase } from '../compile/types.js';
import { parseDuration } from '../dsl/duration.js';
import { CaseflowError, ensureError, type FieldError } from '../errors.js';
import { compileDefinition, parseOrRefuse } from './compile-record.js';
import { TrialCase, type PendingTimer, type TrialMessage } from './trial-case.js';
import type { CalendarLibrary } from '../dsl/index.js';

/**
 * A step of a simulation: an event sent by a trial user with these roles (default: the request's
 * `actionsFor`), or a move of the manual clock (`"25h"`) that fires the timers falling due meanwhile.
 */
export type SimulationStep = { type: string; input?: Record<string, unknown>; roles?: string[] } | { advance: string };

/** What to simulate. */
export interface SimulationRequest {
  yaml: string;
  /** Template files by path relative to the YAML. */
  files?: Record<string, string>;
  /** Shared calendars the draft may name (the latest published ones). */
  calendars?: CalendarLibrary;
  data: Record<string, unknown>;
  /** Roles of the trial user who opens the case (default: the process's starters). */
  roles?: string[];
  /** Roles whose `actions` each frame lists (default: `roles`), so the viewer can change without reopening. */
  actionsFor?: string[];
  steps: SimulationStep[];
  /** Clock time the case opens at (epoch ms). */
  start: number;
  /** Case id the templates see (default `TRIAL-1`). */
  caseId?: string;
}

/** Why a step (or the opening) was refused; the case is as it was before. */
export interface SimulationError {
  code: string;
  message: string;
  details?: unknown;
}

/** A timer that fired during a step, at its due time. */
export interface FiredTimer extends PendingTimer {
  firedAt: number;
}

/** The trial case after the opening or after one step. */
export interface SimulationFrame {
  now: number;
  state: string;
  value: StateValue;
  status: 'active' | 'done';
  data: Record<string, unknown>;
  deadlines: DeadlineView[];
  /** Events a user with the `actionsFor` roles of the request may send now. */
  actions: AvailableEvent[];
  /** Timers still pending, soonest first. */
  timers: PendingTimer[];
  /** Timers this step fired, in the order they fired. */
  fired: FiredTimer[];
  /** Notifications this step produced, rendered. */
  notifications: TrialMessage[];
  /** Linked cases this step asked to open. */
  linkedCases: StartCase[];
  error?: SimulationError;
}

/** The opening, then one frame per step; when the opening is refused there are no frames. */
export interface SimulationResult {
  /** The roles the case was opened with. */
  roles: string[];
  /** The roles whose actions the frames list. */
  actionsFor: string[];
  start?: SimulationFrame;
  /** Why the case could not be opened (invalid data, a role that may not open it). */
  error?: SimulationError;
  steps: SimulationFrame[];
}

/** Most steps one simulation may have. */
export const MAX_SIMULATION_STEPS = 500;
/** Most timers one simulation fires, so a short repeating timer cannot run away. */
export const MAX_SIMULATED_TIMERS = 10_000;
/** Longest single clock move (a year), as for the manual clock of the server. */
const MAX_ADVANCE_MS = 366 * 86_400_000;

/** The actor of a trial user: named after their roles, as owners and recipients show them. */
function trialActor(roles: string[]): Actor {
  return { id: roles.length > 0 ? roles.join('+') : 'trial-user', roles: [...roles] };
}

function asError(caught: unknown): SimulationError {
  if (caught instanceof CaseflowError) {
    const error: SimulationError = { code: caught.code, message: caught.message };
    if (caught.details !== undefined) error.details = caught.details;
    return error;
  }
  return { code: 'internal', message: ensureError(caught).message };
}

/** Clock moves in ms by step index; field errors for malformed steps. */
function checkSteps(request: SimulationRequest): Map<number, number> {
  const errors: FieldError[] = [];
  const moves = new Map<number, number>();
  if (request.steps.length > MAX_SIMULATION_STEPS) errors.push({ field: 'steps', message: `at most ${MAX_SIMULATION_STEPS} steps` });
  request.steps.forEach((step, i) => {
    if ('advance' in step) {
      const parsed = parseDuration(step.advance);
      if (!parsed || parsed.business || parsed.ms <= 0 || parsed.ms > MAX_ADVANCE_MS) {
        errors.push({ field: `steps[${i}].advance`, message: 'must be a wall-clock duration such as "90m", "25h" or "3d" (at most a year)' });
      } else moves.set(i, parsed.ms);
    } else if (step.type === '') errors.push({ field: `steps[${i}].type`, message: 'must name an event' });
  });
  if (!Number.isFinite(request.start)) errors.push({ field: 'start', message: 'must be a time' });
  if (errors.length > 0) {
    throw new CaseflowError('invalid-input', `The simulation is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  }
  return moves;
}

/** Records what one step added to the trial case (everything so far, for the opening). */
class FrameRecorder {
  private readonly messages: number;
  private readonly started: number;
  readonly fired: FiredTimer[] = [];

  constructor(private readonly trial: TrialCase, private readonly viewer: Actor, opening = false) {
    this.messages = opening ? 0 : trial.messages.length;
    this.started = opening ? 0 : trial.started.length;
  }

  frame(error?: SimulationError): SimulationFrame {
    const { trial } = this;
    const { snapshot, now, caseId, process } = trial;
    const frame: SimulationFrame = {
      now,
      state: trial.state,
      value: snapshot.value,
      status: snapshot.status,
      data: snapshot.data,
      deadlines: process.deadlines(snapshot, now, caseId),
      actions: snapshot.status === 'done' ? [] : process.availableEvents(snapshot, this.viewer, now, caseId),
      timers: trial.pending(),
      fired: this.fired,
      notifications: trial.messages.slice(this.messages),
      linkedCases: trial.started.slice(this.started),
    };
    if (error) frame.error = error;
    return frame;
  }
}

/** Moves the trial clock to `until`, firing due timers; stops with an error past the firing budget. */
function advance(trial: TrialCase, until: number, recorder: FrameRecorder, budget: { left: number }): SimulationError | undefined {
  for (;;) {
    if (budget.left <= 0) {
      return {
        code: 'invalid-input',
        message: `More than ${MAX_SIMULATED_TIMERS} timers fell due in this simulation; the clock stopped at the last one. Move it by less.`,
      };
    }
    const fired = trial.fireNext(until);
    if (!fired) break;
    budget.left--;
    recorder.fired.push({ ...fired, firedAt: trial.now });
  }
  trial.advanceTo(until);
  return undefined;
}

/**
 * Runs a simulation. Throws `invalid-definition` (with diagnostics) for a YAML that does not
 * validate or compile, and `invalid-input` for malformed steps; refusals of the case itself are
 * reported in the result.
 */
export function simulate(request: SimulationRequest): SimulationResult {
  const files = request.files ?? {};
  const { definition } = parseOrRefuse(request.yaml, files, request.calendars);
  const process: CompiledProcess = compileDefinition(definition, files);
  const moves = checkSteps(request);
  const roles = request.roles ?? definition.starters ?? definition.roles;
  const opener = trialActor(roles);
  const actionsFor = request.actionsFor ?? roles;
  const viewer = trialActor(actionsFor);
  let trial: TrialCase;
  try {
    trial = new TrialCase(process, { data: request.data, actor: opener, now: request.start, caseId: request.caseId ?? 'TRIAL-1', keepNameMarkers: true });
  } catch (caught) {
    return { roles, actionsFor, error: asError(caught), steps: [] };
  }
  const opening = new FrameRecorder(trial, viewer, true).frame();
  const budget = { left: MAX_SIMULATED_TIMERS };
  const steps = request.steps.map((step, i): SimulationFrame => {
    const recorder = new FrameRecorder(trial, viewer);
    if ('advance' in step) return recorder.frame(advance(trial, trial.now + (moves.get(i) ?? 0), recorder, budget));
    try {
      trial.send(step.type, trialActor(step.roles ?? actionsFor), step.input);
      return recorder.frame();
    } catch (caught) {
      return recorder.frame(asError(caught));
    }
  });
  return { roles, actionsFor, start: opening, steps };
}
