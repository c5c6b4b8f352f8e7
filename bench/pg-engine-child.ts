/**
 * The engine-API measurements of the PostgreSQL section, each in a fresh process on a database
 * of the throw-away cluster (engine over `openStore`, as the server opens it):
 *
 *   flow <url> <flows>           B2 on PostgreSQL: the complaint flow, 64 side by side
 *   timers-setup <url> <count>   opens <count> bench cases, each with a timer due an hour later
 *   timers-fire <url> <node>     compiles the bench process, prints `ready`, waits for a line on stdin, fires every due timer
 *   timers-check <url>           counts the fired timers' events per case (exactly once?)
 *
 * Each prints one JSON line as its result.
 */
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createEngine, manualClock, SYSTEM_ACTOR, TIMER_EVENT } from '../engine/runtime/index.js';
import { openStore } from '../engine/store/open-store.js';
import { BENCH_PROCESS } from './lib/bench-process.js';
import { cpuMsSince, createBenchCases, runComplaintFlows } from './lib/engine-flows.js';

/** When the bench cases are opened, on the manual clock; their timers fall due an hour later. */
const OPENED_AT = Date.UTC(2025, 0, 6, 9);
const HOUR = 3_600_000;

const [mode, url, arg] = process.argv.slice(2);
if (!mode || !url) throw new Error('usage: pg-engine-child.ts <mode> <postgres-url> [arg]');

const print = (result: unknown) => process.stdout.write(`${JSON.stringify(result)}\n`);

async function withEngine<T>(at: number, nodeId: string, work: (engine: ReturnType<typeof createEngine>) => Promise<T>): Promise<T> {
  const opened = await openStore({ db: url, node: { id: nodeId } });
  const engine = createEngine({ store: opened.store, clock: manualClock(at) });
  try {
    return await work(engine);
  } finally {
    await engine.stop();
    await opened.close();
  }
}

/** The next line on stdin: the parent's signal to start; stdin closed without it (the parent gone) ends this process. */
function startSignal(): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    let told = false;
    lines.once('line', () => {
      told = true;
      lines.close();
      resolve();
    });
    lines.once('close', () => {
      if (!told) process.exit(1);
    });
  });
}

if (mode === 'flow') {
  print(await withEngine(OPENED_AT, 'bench-flow', (engine) => runComplaintFlows(engine, Number(arg), 64)));
} else if (mode === 'timers-setup') {
  print(await withEngine(OPENED_AT, 'bench-setup', async (engine) => {
    await engine.publish({ yaml: BENCH_PROCESS, publishedBy: 'bench' });
    const start = performance.now();
    const ids = await createBenchCases(engine, Number(arg));
    return { created: ids.length, ms: performance.now() - start };
  }));
} else if (mode === 'timers-fire') {
  print(await withEngine(OPENED_AT + HOUR, arg ?? 'bench-fire', async (engine) => {
    // Warm up as a running server is: the bench process compiled before the timers are timed.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const [first] = (await client.query<{ id: string }>('SELECT id FROM cases ORDER BY id LIMIT 1')).rows;
    await client.end();
    if (first) await engine.getCase(first.id, SYSTEM_ACTOR);
    process.stdout.write('ready\n');
    await startSignal();
    const cpu = process.cpuUsage();
    const startedAt = performance.timeOrigin + performance.now();
    const fired = await engine.fireDueTimers();
    const endedAt = performance.timeOrigin + performance.now();
    return { fired, startedAt, endedAt, cpuMs: cpuMsSince(cpu) };
  }));
} else if (mode === 'timers-check') {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts = await client.query<{ events: string; cases: string; twice: string; pending: string }>(
      `SELECT (SELECT count(*) FROM events WHERE type = $1) AS events,
              (SELECT count(DISTINCT case_id) FROM events WHERE type = $1) AS cases,
              (SELECT count(*) FROM (SELECT case_id FROM events WHERE type = $1 GROUP BY case_id HAVING count(*) > 1) AS d) AS twice,
              (SELECT count(*) FROM timers) AS pending`,
      [TIMER_EVENT],
    );
    const row = counts.rows[0];
    print({ events: Number(row?.events), cases: Number(row?.cases), firedTwice: Number(row?.twice), pending: Number(row?.pending) });
  } finally {
    await client.end();
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
