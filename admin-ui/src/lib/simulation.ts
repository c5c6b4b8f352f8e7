/**
 * A trial case of the draft in the editor, kept by the editor page so it survives switching tabs.
 * The server is stateless: every change posts the draft, the opening data and all steps so far to
 * `POST /api/simulate` and shows the answer. Nothing is saved anywhere.
 */
import { useCallback, useRef, useState } from 'react';
import { ApiError, client, ok } from '../api.js';
import type { components, operations } from '../api-schema.js';

type Schemas = components['schemas'];
/** A trial run of a draft, each step's frame and the step refused (if any). */
type SimulationResult = Schemas['SimulationResult'];
/** What the trial case looks like after a step. */
type SimulationFrame = Schemas['SimulationFrame'];
/** A refused step. */
type SimulationError = Schemas['SimulationError'];
/** One step of a trial run: an event, or time passing. */
type SimulationStep = NonNullable<operations['simulate']['requestBody']['content']['application/json']['steps']>[number];

export type { SimulationError, SimulationFrame, SimulationResult, SimulationStep };

/** One entry of the trial's activity: the step taken and the case after it. */
export interface SimulationEntry {
  /** `undefined` for the opening. */
  step?: SimulationStep;
  /** Roles of the trial user at the opening. */
  roles: string[];
  frame: SimulationFrame;
}

/** The trial case and what can be done with it. */
export interface Simulation {
  started: boolean;
  /** The case now (after the last step). */
  frame?: SimulationFrame;
  /** The opening and each accepted step, oldest first. */
  entries: SimulationEntry[];
  /** The role acted as (empty before the opening). */
  role: string;
  busy: boolean;
  /** The draft changed since the trial last ran on it. */
  stale: boolean;
  /** A failure of the last request that is not a refusal of the case (invalid YAML, network). */
  error?: unknown;
  /** Opens the trial case; answers the refusal of the opening (invalid data), if any. */
  start(data: Record<string, unknown>, role: string): Promise<SimulationError | undefined>;
  /** Sends an event as the current role; a refusal throws `ApiError` (422 with field errors, or 409). */
  send(type: string, input: Record<string, unknown>): Promise<void>;
  /** Moves the trial clock by a duration such as `25h`, firing the timers that fall due. */
  advance(by: string): Promise<void>;
  /** Acts as another role from now on (the actions shown are theirs). */
  setRole(role: string): Promise<void>;
  /** Runs the same steps again on the edited draft. */
  rerun(): Promise<void>;
  reset(): void;
}

interface Trial {
  data: Record<string, unknown>;
  steps: SimulationStep[];
  /** The role the case was opened as; it stays when the user acts as another. */
  openedAs: string;
  role: string;
  /** Clock time of the opening, fixed at the first run so re-runs line up. */
  openedAt?: number;
  result: SimulationResult;
  yaml: string;
}

/** A refused step as the error an event form understands. */
function refusal(error: SimulationError): ApiError {
  const status = error.code === 'invalid-input' ? 422 : error.code === 'role-not-allowed' ? 403 : 409;
  return new ApiError(status, { detail: error.message, code: error.code, errors: Array.isArray(error.details) ? error.details : [] });
}

/** The editor's trial case of `yaml` (with its template `files`). */
export function useSimulation(yaml: string, files: Record<string, string> | undefined): Simulation {
  const [trial, setTrial] = useState<Trial>();
  const [role, setRoleState] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const latest = useRef<Trial | undefined>(undefined);
  latest.current = trial;

  const run = useCallback(async (next: Omit<Trial, 'result' | 'yaml'>): Promise<Trial> => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await ok(client.POST('/api/simulate', {
        body: { yaml, files, data: next.data, roles: [next.openedAs], actionsFor: [next.role], steps: next.steps, start: next.openedAt },
      }));
      return { ...next, openedAt: next.openedAt ?? result.start?.now, result, yaml };
    } catch (caught) {
      setError(caught);
      throw caught;
    } finally {
      setBusy(false);
    }
  }, [yaml, files]);

  const current = role ?? '';
  const lastFrame = (result: SimulationResult) => result.steps.at(-1) ?? result.start;

  const start = async (data: Record<string, unknown>, as: string) => {
    const opened = await run({ data, steps: [], openedAs: as, role: as });
    if (opened.result.error) return opened.result.error;
    setRoleState(as);
    setTrial(opened);
    return undefined;
  };

  const step = async (taken: SimulationStep, keepRefused: boolean) => {
    const before = latest.current;
    if (!before) return;
    const after = await run({ ...before, steps: [...before.steps, taken] });
    const frame = lastFrame(after.result);
    if (frame?.error && !keepRefused) throw refusal(frame.error);
    setTrial(after);
  };

  const entries: SimulationEntry[] = [];
  if (trial?.result.start) {
    entries.push({ roles: trial.result.roles, frame: trial.result.start });
    trial.result.steps.forEach((frame, i) => entries.push({ step: trial.steps[i], roles: trial.result.roles, frame }));
  }

  return {
    started: trial !== undefined,
    frame: trial ? lastFrame(trial.result) : undefined,
    entries,
    role: current,
    busy,
    stale: trial !== undefined && trial.yaml !== yaml,
    error,
    start,
    send: (type, input) => step({ type, input, roles: [current] }, false),
    // A clock move that hit the timer budget is kept: the clock did move, up to the last timer.
    advance: (by) => step({ advance: by }, true),
    async setRole(next) {
      setRoleState(next);
      const before = latest.current;
      if (before) setTrial(await run({ ...before, role: next }));
    },
    async rerun() {
      const before = latest.current;
      if (before) setTrial(await run(before));
    },
    reset() {
      setTrial(undefined);
      setError(undefined);
    },
  };
}
