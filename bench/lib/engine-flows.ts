/**
 * Work the engine benchmarks drive through the engine API, whatever the store: bench cases
 * opened side by side, and the complaint flow of B1 (registration and four events) without HTTP.
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../../engine/runtime/index.js';
import { createLogger } from '../../server/log.js';
import { publishShippedProcesses } from '../../server/setup.js';
import { COMPLAINT_STEPS, complaintData } from '../load/flows.js';
import { BENCH_PROCESS_ID } from './bench-process.js';

const agent = { id: 'bench', roles: ['agent'] };

/** Opens `count` bench cases, `parallel` at a time; returns their ids. */
export async function createBenchCases(engine: Engine, count: number, parallel = 512): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = next++;
      ids.push((await engine.createCase({ process: BENCH_PROCESS_ID, data: { customer: `Customer ${n}` }, actor: agent })).id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
  return ids;
}

/** CPU time of this process since `since`, in ms (the machine is shared: wall-clock rates depend on its load). */
export const cpuMsSince = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** What a run of the complaint flow measured (warm-up excluded). */
export interface ComplaintFlowRun {
  flows: number;
  events: number;
  ms: number;
  cpuUsed: number;
  /** Time the event loop was busy during the run, in ms. */
  loopMs: number;
}

/**
 * Walks `flows` complaints (registration, reply, proposal, resolution, callback), `parallel`
 * side by side, after a warm-up of twice `parallel`: B1's engine work without HTTP.
 */
export async function runComplaintFlows(engine: Engine, flows: number, parallel: number): Promise<ComplaintFlowRun> {
  const report = await publishShippedProcesses(engine, 'processes', createLogger('error'));
  if (report.failed.length > 0) throw new Error(`shipped processes failed to publish: ${JSON.stringify(report.failed)}`);
  const staff = { id: 'bench', roles: ['agent', 'team-lead'] };
  const walk = async (n: number) => {
    const opened = await engine.createCase({ process: 'complaint-handling', data: complaintData(n), actor: staff });
    for (const step of COMPLAINT_STEPS) await engine.applyEvent(opened.id, step, staff);
  };
  let next = 0;
  const lanes = (until: number) => Promise.all(Array.from({ length: parallel }, async () => {
    while (next < until) await walk(next++);
  }));
  await lanes(Math.min(parallel * 2, flows));
  const warm = next;
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const start = performance.now();
  await lanes(warm + flows);
  const ms = performance.now() - start;
  const loopMs = performance.eventLoopUtilization(loop).active;
  return { flows, events: flows * (1 + COMPLAINT_STEPS.length), ms, cpuUsed: cpuMsSince(cpu), loopMs };
}
