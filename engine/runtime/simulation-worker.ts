/**
 * Worker of simulations and of the invariant checks of drafts: runs each request it is sent and
 * posts back its result or refusal, so a long one never blocks the server's event loop (see
 * `SimulationPool`).
 */
import { parentPort } from 'node:worker_threads';
import { parseProcess, type CalendarLibrary, type Diagnostic } from '../dsl/index.js';
import { CaseflowError, ensureError, type CaseflowErrorCode } from '../errors.js';
import { invariantDiagnostics } from '../verify/index.js';
import { simulate, type SimulationRequest, type SimulationResult } from './simulate.js';

/** What a worker is asked: a simulation, or the check of a draft's declared invariants. */
export type SimulationWorkerRequest =
  | { kind: 'simulate'; request: SimulationRequest }
  | { kind: 'invariants'; yaml: string; files: Record<string, string>; calendars: CalendarLibrary };

/** What a worker posts: `ready` once loaded, then one reply per request. */
export type SimulationWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'result'; result: SimulationResult }
  | { kind: 'diagnostics'; diagnostics: Diagnostic[] }
  | { kind: 'refused'; code: CaseflowErrorCode; message: string; details?: unknown };

function run(request: SimulationWorkerRequest): SimulationWorkerMessage {
  try {
    if (request.kind === 'invariants') {
      const { definition } = parseProcess(request.yaml, request.files, {}, { calendars: request.calendars });
      return { kind: 'diagnostics', diagnostics: definition === undefined ? [] : invariantDiagnostics(request.yaml, definition, request.files) };
    }
    return { kind: 'result', result: simulate(request.request) };
  } catch (caught) {
    if (caught instanceof CaseflowError) return { kind: 'refused', code: caught.code, message: caught.message, details: caught.details };
    return { kind: 'refused', code: 'internal', message: ensureError(caught).message };
  }
}

const port = parentPort;
if (port !== null) {
  port.on('message', (request: SimulationWorkerRequest) => port.postMessage(run(request)));
  port.postMessage({ kind: 'ready' } satisfies SimulationWorkerMessage);
}
