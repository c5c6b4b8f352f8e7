/**
 * Worker of simulations: runs each simulation it is sent and posts back its result or refusal,
 * so a long one never blocks the server's event loop (see `SimulationPool`).
 */
import { parentPort } from 'node:worker_threads';
import { CaseflowError, ensureError, type CaseflowErrorCode } from '../errors.js';
import { simulate, type SimulationRequest, type SimulationResult } from './simulate.js';

/** What a worker posts: `ready` once loaded, then one reply per request. */
export type SimulationWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'result'; result: SimulationResult }
  | { kind: 'refused'; code: CaseflowErrorCode; message: string; details?: unknown };

function run(request: SimulationRequest): SimulationWorkerMessage {
  try {
    return { kind: 'result', result: simulate(request) };
  } catch (caught) {
    if (caught instanceof CaseflowError) return { kind: 'refused', code: caught.code, message: caught.message, details: caught.details };
    return { kind: 'refused', code: 'internal', message: ensureError(caught).message };
  }
}

const port = parentPort;
if (port !== null) {
  port.on('message', (request: SimulationRequest) => port.postMessage(run(request)));
  port.postMessage({ kind: 'ready' } satisfies SimulationWorkerMessage);
}
