/**
 * Simulations run in worker threads, each within a time limit: a draft whose timers or
 * expressions take long cannot stall the server (its event loop keeps answering `/health` and
 * everyone else). A simulation past its limit is stopped by terminating its worker; a fresh one
 * takes its place when the next simulation comes.
 */
import { Worker } from 'node:worker_threads';
import { CaseflowError } from '../errors.js';
import { workerFlags } from '../worker-flags.js';
import type { CalendarLibrary, Diagnostic } from '../dsl/index.js';
import type { SimulationRequest, SimulationResult } from './simulate.js';
import type { SimulationWorkerMessage, SimulationWorkerRequest } from './simulation-worker.js';

/** A simulation stopped because it ran past the time limit. */
export class SimulationTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The simulation took longer than ${timeoutMs / 1000} s and was stopped. Simulate fewer steps or shorter clock moves, or look for timers that repeat very often.`);
    this.name = 'SimulationTimedOut';
  }
}

/** Options of a `SimulationPool`. */
export interface SimulationPoolOptions {
  /** Longest a simulation may run (ms), from the moment a worker takes it. */
  timeoutMs: number;
  /** Most simulations running at once; more wait their turn (default 2). */
  maxWorkers?: number;
  /** How long a worker with nothing to do is kept (ms, default 60 s). */
  idleMs?: number;
}

/** From TypeScript sources a worker starts at a small JavaScript entry that loads tsx first. */
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './simulation-worker.mjs' : './simulation-worker.js', import.meta.url);

/** One worker thread and what it is doing. */
interface PooledWorker {
  worker: Worker;
  ready: Promise<void>;
  idleTimer?: NodeJS.Timeout;
}

/** Runs simulations in worker threads, each within `timeoutMs`. */
export class SimulationPool {
  private readonly idle: PooledWorker[] = [];
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private closed = false;

  constructor(private readonly options: SimulationPoolOptions) {}

  /** Runs `request` in a worker; rejects with `SimulationTimedOut` past the limit, or with the simulation's `CaseflowError`. */
  run(request: SimulationRequest): Promise<SimulationResult> {
    return this.execute({ kind: 'simulate', request }, (reply) => (reply.kind === 'result' ? reply.result : undefined));
  }

  /**
   * The declared invariants of a draft, checked in a worker (the exploration can take seconds).
   * Past the time limit, a warning says they were not checked rather than a refusal.
   */
  async checkInvariants(yaml: string, files: Record<string, string> = {}, calendars: CalendarLibrary = {}): Promise<Diagnostic[]> {
    try {
      return await this.execute({ kind: 'invariants', yaml, files, calendars }, (reply) => (reply.kind === 'diagnostics' ? reply.diagnostics : undefined));
    } catch (caught) {
      if (!(caught instanceof SimulationTimedOut)) throw caught;
      return [{ line: 1, column: 1, path: 'invariants', severity: 'warning', message: `the invariants were not checked within ${caught.timeoutMs / 1000} s; run caseflow validate on the file to check them` }];
    }
  }

  private async execute<T>(request: SimulationWorkerRequest, pick: (reply: SimulationWorkerMessage) => T | undefined): Promise<T> {
    await this.turn();
    this.running++;
    let pooled: PooledWorker | undefined;
    try {
      pooled = this.idle.pop() ?? this.spawn();
      clearTimeout(pooled.idleTimer);
      await pooled.ready;
      const result = await this.dispatch(pooled, request, pick);
      this.release(pooled);
      pooled = undefined;
      return result;
    } finally {
      if (pooled !== undefined) void pooled.worker.terminate();
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Starts a worker ahead of the first simulation, when none is running or waiting. */
  warm(): void {
    if (this.closed || this.running > 0 || this.idle.length > 0) return;
    const pooled = this.spawn();
    pooled.worker.unref();
    this.idle.push(pooled);
    // A worker that fails to start stops, and leaves the idle list as it does.
    pooled.ready.catch(() => void pooled.worker.terminate());
  }

  /** Stops every worker; simulations under way fail. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = this.idle.splice(0);
    await Promise.all(workers.map(({ worker, idleTimer }) => (clearTimeout(idleTimer), worker.terminate())));
  }

  private turn(): Promise<void> {
    if (this.running < (this.options.maxWorkers ?? 2)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private spawn(): PooledWorker {
    const worker = new Worker(workerUrl, { execArgv: workerFlags() });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: SimulationWorkerMessage): void => {
        if (message.kind !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        worker.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number): void => reject(new Error(`simulation worker stopped with code ${code} while starting`));
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', onExit);
    });
    const pooled: PooledWorker = { worker, ready };
    // A worker that stops while idle is dropped rather than handed the next simulation.
    worker.once('exit', () => {
      clearTimeout(pooled.idleTimer);
      const index = this.idle.indexOf(pooled);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return pooled;
  }

  private dispatch<T>({ worker }: PooledWorker, request: SimulationWorkerRequest, pick: (reply: SimulationWorkerMessage) => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(new SimulationTimedOut(this.options.timeoutMs))), this.options.timeoutMs);
      const onMessage = (message: SimulationWorkerMessage): void => {
        const answer = pick(message);
        if (answer !== undefined) finish(() => resolve(answer));
        else if (message.kind === 'refused') finish(() => reject(new CaseflowError(message.code, message.message, { details: message.details })));
      };
      const onError = (error: Error): void => finish(() => reject(error));
      const onExit = (code: number): void => finish(() => reject(new Error(`simulation worker stopped with code ${code}`)));
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        settle();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage(request);
    });
  }

  /** Keeps a worker for the next simulation; it does not keep the process alive, and goes after `idleMs`. */
  private release(pooled: PooledWorker): void {
    if (this.closed) {
      void pooled.worker.terminate();
      return;
    }
    pooled.worker.unref();
    pooled.idleTimer = setTimeout(() => {
      const index = this.idle.indexOf(pooled);
      if (index >= 0) this.idle.splice(index, 1);
      void pooled.worker.terminate();
    }, this.options.idleMs ?? 60_000);
    pooled.idleTimer.unref();
    this.idle.push(pooled);
  }
}
