/**
 * B2 and B3 of BENCHMARKS.md through the engine API (no HTTP), durable (synchronous=FULL), with
 * a raw batched SQLite insert ceiling measured in the same run.
 *
 *   npx tsx bench/engine-bench.ts [--events 40000] [--cases 512] [--timers 100000] [--only b2|b3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance as nodePerformance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createEngine, manualClock } from '../engine/runtime/index.js';
import { openSqliteStore } from '../engine/store/sqlite/index.js';
import { BENCH_PROCESS } from './lib/bench-process.js';
import { cpuMsSince as cpuMs, createBenchCases as createCases, runComplaintFlows } from './lib/engine-flows.js';
import { COMPLAINT_STEPS } from './load/flows.js';

const HOUR = 3_600_000;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const agent = { id: 'bench', roles: ['agent'] };
const dir = mkdtempSync(join(tmpdir(), 'caseflow-bench-'));
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

/** Rows/s of raw inserts into a WAL, synchronous=FULL database, `batch` rows per commit. */
function rawInsertCeiling(rows: number, batch: number): number {
  const db = new Database(join(dir, 'ceiling.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (case_id TEXT, seq INTEGER, type TEXT, payload TEXT, hash TEXT, PRIMARY KEY (case_id, seq))');
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
  const payload = JSON.stringify({ text: 'x'.repeat(120), actor: 'bench', roles: ['agent'] });
  const hash = 'f'.repeat(64);
  const writeBatch = db.transaction((from: number) => {
    for (let i = from; i < from + batch; i++) insert.run(`C${i % 1000}`, i, 'note', payload, hash);
  });
  const start = performance.now();
  for (let i = 0; i < rows; i += batch) writeBatch(i);
  const ms = performance.now() - start;
  db.close();
  return rate(rows, ms);
}

/** `CASEFLOW_SQLITE_WRITER=thread` runs the benches with the writer thread, as the server would. */
const writerThread = process.env.CASEFLOW_SQLITE_WRITER === 'thread';
/** The event loop's busy time (of the main thread alone, where CPU time counts every thread). */
const eventLoopUtilization = nodePerformance.eventLoopUtilization.bind(nodePerformance);

async function openEngine(name: string) {
  const clock = manualClock(Date.UTC(2025, 0, 6, 9));
  const store = openSqliteStore({ file: join(dir, `${name}.db`), synchronous: 'FULL', writerThread });
  const engine = createEngine({ store, clock });
  await engine.publish({ yaml: BENCH_PROCESS, publishedBy: 'bench' });
  return { clock, store, engine };
}

async function benchEvents(events: number, cases: number) {
  const { engine, store } = await openEngine('b2');
  const ids = await createCases(engine, cases);
  const perCase = Math.ceil(events / cases);
  const runLanes = async (each: number) => {
    await Promise.all(ids.map(async (id) => {
      for (let i = 0; i < each; i++) await engine.applyEvent(id, { type: 'note', input: { text: `note ${i}` } }, agent);
    }));
  };
  await runLanes(Math.min(20, perCase));
  const cpu = process.cpuUsage();
  const loop = eventLoopUtilization();
  const start = performance.now();
  await runLanes(perCase);
  const ms = performance.now() - start;
  const cpuUsed = cpuMs(cpu);
  const loopMs = eventLoopUtilization(loop).active;
  const verifyCpu = process.cpuUsage();
  const verify = performance.now();
  const check = await engine.verifyAll();
  const verifyMs = performance.now() - verify;
  const verifyCpuMs = cpuMs(verifyCpu);
  await engine.stop();
  await store.close();
  return { applied: perCase * cases, ms, cpuUsed, loopMs, verify: check, verifyMs, verifyCpuMs };
}

/**
 * The complaint flow of B1 (registration, reply, proposal, resolution, callback) through the
 * engine API: the same engine work as B1 without HTTP, so B1 and B2 tell one story.
 */
async function benchComplaintFlow(flows: number, parallel: number) {
  const clock = manualClock(Date.UTC(2025, 0, 6, 9));
  const store = openSqliteStore({ file: join(dir, 'b2-complaint.db'), synchronous: 'FULL', writerThread });
  const engine = createEngine({ store, clock });
  const run = await runComplaintFlows(engine, flows, parallel);
  await engine.stop();
  await store.close();
  return run;
}

async function benchTimers(timers: number) {
  const { engine, store, clock } = await openEngine('b3');
  const createStart = performance.now();
  await createCases(engine, timers);
  const createMs = performance.now() - createStart;
  clock.advance(HOUR);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const fired = await engine.fireDueTimers();
  const ms = performance.now() - start;
  const cpuUsed = cpuMs(cpu);
  await engine.stop();
  await store.close();
  return { fired, ms, cpuUsed, created: timers, createMs };
}

const events = option('events', 40_000);
const cases = option('cases', 512);
const timers = option('timers', 100_000);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
try {
  const ceiling = rawInsertCeiling(200_000, 1000);
  console.log(`ceiling  raw batched SQLite inserts (WAL, synchronous=FULL, 1,000 rows/commit): ${fmt(ceiling)} rows/s`);
  if (only === undefined || only === 'b2') {
    const b2 = await benchEvents(events, cases);
    const b2Rate = rate(b2.applied, b2.ms);
    console.log(`B2  durable events through the engine API (synchronous=FULL, group commit, ${cases} cases side by side): ` +
      `${fmt(b2Rate)} events/s (${fmt(b2.applied)} events in ${b2.ms.toFixed(0)} ms); ratio to ceiling ${(b2Rate / ceiling).toFixed(3)}; ` +
      `CPU ${((b2.cpuUsed * 1000) / b2.applied).toFixed(0)} µs/event (${fmt(rate(b2.applied, b2.cpuUsed))} events per CPU-second); ` +
      `event loop busy ${((b2.loopMs * 1000) / b2.applied).toFixed(0)} µs/event${writerThread ? ' (commits on the writer thread)' : ''}`);
    const flow = await benchComplaintFlow(option('flows', 4_000), 64);
    const flowRate = rate(flow.events, flow.ms);
    console.log(`B2c complaint flow through the engine API (registration + ${COMPLAINT_STEPS.length} events, as B1 without HTTP; 64 flows side by side): ` +
      `${fmt(flowRate)} requests/s (${fmt(flow.events)} in ${flow.ms.toFixed(0)} ms); ratio to ceiling ${(flowRate / ceiling).toFixed(3)}; ` +
      `CPU ${((flow.cpuUsed * 1000) / flow.events).toFixed(0)} µs/request; event loop busy ${((flow.loopMs * 1000) / flow.events).toFixed(0)} µs/request`);
    console.log(`B4  whole-database chain check: ${fmt(rate(b2.verify.eventsChecked, b2.verifyMs))} events/s ` +
      `(${fmt(b2.verify.eventsChecked)} events, ${b2.verify.casesChecked} cases, valid=${b2.verify.valid}); ` +
      `${fmt(rate(b2.verify.eventsChecked, b2.verifyCpuMs))} events per CPU-second`);
  }
  if (only === undefined || only === 'b3') {
    const b3 = await benchTimers(timers);
    const b3Rate = rate(b3.fired, b3.ms);
    console.log(`B3  ${fmt(b3.fired)} timers falling due at once, each a durable transition (synchronous=FULL): ` +
      `${fmt(b3Rate)} timers/s (${b3.ms.toFixed(0)} ms); ratio to ceiling ${(b3Rate / ceiling).toFixed(3)}; ` +
      `CPU ${((b3.cpuUsed * 1000) / b3.fired).toFixed(0)} µs/timer (${fmt(rate(b3.fired, b3.cpuUsed))} per CPU-second); ` +
      `setup: ${fmt(b3.created)} cases opened at ${fmt(rate(b3.created, b3.createMs))}/s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
