/**
 * `npm run bench [-- --quick] [-- --only b1,b5,pg] [-- --profile <dir>]`: B1 to B6 of BENCHMARKS.md, each with its
 * settings and its ratio to a ceiling measured in the same run, the bpmn-engine peer, and the
 * PostgreSQL section (`pg`: B1, B2 and B3 on a throw-away cluster, and the DBOS Transact peer).
 * Everything is written under a temporary folder that is removed at the end.
 * `--profile <dir>` runs the Caseflow server of B1 (and of B1 on PostgreSQL) under `node --cpu-prof`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseflowEnv, measureServer, startCaseflow, startCeiling, startPeer, type HttpSettings, type ServerLoad } from './http-bench.js';
import { generateBigDatabase, type BigDatabase } from './lib/big-database.js';
import { postgresSection } from './pg-bench.js';
import { fsyncFloor } from './lib/fsync-floor.js';
import { ROOT, buildServer, runTsxForJson, startNode, waitForOutput } from './lib/children.js';
import { loadLine, machineLine, say, summary, type Figure } from './lib/report.js';
import { fmt, ms, ratio, type LatencySummary } from './lib/stats.js';

const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
/** `--only b1,b4`: run just those sections (b1 includes the peer; b3 and b5 share the large database; pg is the PostgreSQL section). */
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').toLowerCase().split(',')) : undefined;
const wanted = (...ids: string[]) => only === undefined || ids.some((id) => only.has(id));
const profileAt = process.argv.indexOf('--profile');
const profileDir = profileAt >= 0 ? process.argv[profileAt + 1] : undefined;
const profileFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
const sizes = quick
  ? { http: { connections: 32, warmupMs: 2000, durationMs: 4000 }, events: 10_000, flows: 1000, timers: 10_000, replayEvents: 1000, cases: 100_000, inboxRounds: 40, pgFlows: 500, pgTimers: 5000 }
  : { http: { connections: 32, warmupMs: 5000, durationMs: 15_000 }, events: 40_000, flows: 4000, timers: 100_000, replayEvents: 1000, cases: 1_000_000, inboxRounds: 100, pgFlows: 1500, pgTimers: 10_000 };
const figures: Figure[] = [];
const latencyText = (l: LatencySummary) => `p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, p99.9 ${ms(l.p999)} ms`;
const errorsText = (r: ServerLoad) => (r.errors > 0 ? `; ${fmt(r.errors)} errors, first: ${r.firstError}` : '');

async function serverRun(start: () => ReturnType<typeof startCeiling>, kind: 'ceiling' | 'caseflow' | 'peer', settings: HttpSettings, open: boolean) {
  const server = await start();
  try {
    return await measureServer(server, kind, settings, open);
  } finally {
    await server.child.stop(20_000);
  }
}

let ceilingRun: Promise<ServerLoad> | undefined;
/** The bare Hono route's closed-loop maximum, measured once per run (B1 and the PostgreSQL section share it). */
const measureCeiling = (): Promise<ServerLoad> => {
  ceilingRun ??= serverRun(() => startCeiling(), 'ceiling', sizes.http, false).then((run) => run.closed);
  return ceilingRun;
};

async function b1(dir: string): Promise<{ ours: ServerLoad; oursOpen?: ServerLoad }> {
  const settings = sizes.http;
  const disk = fsyncFloor(dir);
  say(`disk  one fully synced SQLite commit (WAL, synchronous=FULL, one row), one after another: ${fmt(disk.perSecond)} commits/s, ` +
    `${latencyText(disk.latency)} (the floor under the latency of every acknowledged event)`);
  const conn = `${settings.connections} keep-alive connections, load generator in its own process`;
  const ceiling = await measureCeiling();
  say(`ceiling  bare Hono JSON POST route (@hono/node-server), ${conn}, closed loop: ${fmt(ceiling.perSecond)} requests/s ` +
    `(${latencyText(ceiling.latency)}; server CPU ${Math.round(ceiling.serverCpuMsPerRequest * 1000)} µs/request)${errorsText(ceiling)}`);
  const ours = await serverRun(() => startCaseflow(dir, profileFlags), 'caseflow', settings, true);
  const closed = ours.closed;
  say(`B1  events over HTTP (complaint flow: registration + 4 steps; npm start's server: synchronous=FULL, group commit, ` +
    `Bearer token, log level warn), ${conn}, closed loop: ${fmt(closed.perSecond)} events/s; ratio to ceiling ` +
    `${ratio(closed.perSecond / ceiling.perSecond)} (${latencyText(closed.latency)}; server CPU ` +
    `${Math.round(closed.serverCpuMsPerRequest * 1000)} µs/event)${errorsText(closed)}`);
  const open = ours.open;
  if (open) {
    say(`B1  open loop at a constant ${fmt(open.rate ?? 0)} events/s (half the maximum), ${settings.connections} connections: ` +
      `${latencyText(open.latency)} (${fmt(open.acknowledged)} events, latency from each request's due time)${errorsText(open)}`);
  }
  figures.push({ id: 'B1', what: 'events over HTTP, 32 conn., closed loop', value: `${fmt(closed.perSecond)}/s (${ratio(closed.perSecond / ceiling.perSecond)} of ceiling)`, target: '>= 5,000/s', met: closed.perSecond >= 5000 && closed.errors === 0 });
  if (open) figures.push({ id: 'B1', what: `p99 at half that rate (${fmt(open.rate ?? 0)}/s)`, value: `${ms(open.latency.p99)} ms`, target: '<= 10 ms', met: open.latency.p99 <= 10 && open.errors === 0 });
  return { ours: closed, oursOpen: open };
}

async function peer(dir: string, ours: ServerLoad): Promise<void> {
  const run = await serverRun(() => startPeer(dir), 'peer', sizes.http, true);
  const closed = run.closed;
  const { version }: { version: string } = JSON.parse(readFileSync(join(ROOT, 'node_modules/bpmn-engine/package.json'), 'utf8'));
  say(`peer  bpmn-engine ${version} (the same complaint flow as BPMN, engine state saved to SQLite after every step, ` +
    `synchronous=FULL, one commit per step; same generator, ${sizes.http.connections} connections), closed loop: ` +
    `${fmt(closed.perSecond)} events/s (${latencyText(closed.latency)}; server CPU ${Math.round(closed.serverCpuMsPerRequest * 1000)} µs/event)${errorsText(closed)}`);
  if (run.open) say(`peer  open loop at ${fmt(run.open.rate ?? 0)} events/s: ${latencyText(run.open.latency)}${errorsText(run.open)}`);
  const factor = ours.perSecond / Math.max(1, closed.perSecond);
  say(`peer  Caseflow ÷ bpmn-engine, events/s over HTTP: ${ratio(factor)}x`);
  figures.push({ id: 'peer', what: 'Caseflow ÷ bpmn-engine (B1 closed loop)', value: `${ratio(factor)}x`, target: '> 1', met: factor > 1 });
}

/** Runs bench/engine-bench.ts (B2 and B3's firing, by the runtime's author) and re-prints its lines. */
function engineBench(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', 'bench/engine-bench.ts', '--events', String(sizes.events), '--flows', String(sizes.flows), '--timers', String(sizes.timers)];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.once('exit', (code) => (code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`engine-bench exited with ${code}:\n${out}`))));
  });
}

const number = (text: string | undefined) => (text === undefined ? Number.NaN : Number(text.replace(/,/g, '')));

async function b2b3(): Promise<void> {
  const lines = await engineBench();
  for (const line of lines) if (!line.startsWith('B4')) say(line);
  const b2 = lines.find((l) => l.startsWith('B2 '));
  const b2c = lines.find((l) => l.startsWith('B2c'));
  const b3 = lines.find((l) => l.startsWith('B3'));
  const b2Rate = number(/: ([\d,]+) events\/s/.exec(b2 ?? '')?.[1]);
  const b2Ratio = /ratio to ceiling ([\d.]+)/.exec(b2 ?? '')?.[1];
  const b3Rate = number(/: ([\d,]+) timers\/s/.exec(b3 ?? '')?.[1]);
  figures.push({ id: 'B2', what: 'durable transitions, engine API', value: `${fmt(b2Rate)}/s (${b2Ratio} of ceiling)`, target: '>= 20,000/s', met: Number.isNaN(b2Rate) ? undefined : b2Rate >= 20_000 });
  const b2cRate = number(/: ([\d,]+) requests\/s/.exec(b2c ?? '')?.[1]);
  const b2cCpu = /CPU (\d+) µs\/request/.exec(b2c ?? '')?.[1];
  figures.push({ id: 'B2c', what: 'complaint flow of B1, engine API (no HTTP)', value: `${fmt(b2cRate)}/s (${b2cCpu} µs CPU each)`, target: 'compare with B1', met: undefined });
  figures.push({ id: 'B3', what: `${fmt(sizes.timers)} timers due at once, fired`, value: `${fmt(b3Rate)}/s`, target: '>= 10,000/s', met: Number.isNaN(b3Rate) ? undefined : b3Rate >= 10_000 });
}

async function b4Replay(): Promise<void> {
  const result = await runTsxForJson<{ events: number; runs: number; consistent: boolean; latency: LatencySummary }>('bench/replay-bench.ts', [String(sizes.replayEvents), '30']);
  say(`B4  replay and verify one complaint of ${fmt(result.events)} events (re-run through its pinned version, hash chain checked), ` +
    `${result.runs} runs: ${latencyText(result.latency)}; consistent=${result.consistent}`);
  figures.push({ id: 'B4', what: `replay+verify one case, ${fmt(result.events)} events (median)`, value: `${ms(result.latency.p50)} ms`, target: '<= 10 ms', met: result.consistent && result.latency.p50 <= 10 });
}

async function b3Restart(big: BigDatabase): Promise<void> {
  const clock = big.firstCreatedAt - 86_400_000;
  const engine = await runTsxForJson<{ openMs: number; readyMs: number }>('bench/big-db-child.ts', ['restart', big.file, String(clock)]);
  say(`B3  restart with ${fmt(big.pendingTimers)} timers pending (${fmt(big.cases)} cases): engine ready in ${ms(engine.readyMs)} ms ` +
    `(open + migrate check ${ms(engine.openMs)} ms, then processes, next timer, first due page and first inbox page)`);
  const entry = buildServer();
  const serverStart = async (file: string) => {
    const t0 = performance.now();
    const server = startNode(entry, [], caseflowEnv(file, { CASEFLOW_CLOCK: 'manual', CASEFLOW_CLOCK_START: new Date(clock).toISOString() }));
    try {
      await waitForOutput(server, /listening on/, 120_000);
      return performance.now() - t0;
    } finally {
      await server.stop(20_000);
    }
  };
  const emptyDir = mkdtempSync(join(tmpdir(), 'caseflow-empty-'));
  try {
    const empty = await serverStart(join(emptyDir, 'empty.db'));
    const full = await serverStart(big.file);
    say(`B3  the real server (npm start: its compiled JavaScript) on that database listening ${ms(full)} ms after spawn; on an empty ` +
      `database ${ms(empty)} ms (loading the modules and publishing the shipped processes are most of both)`);
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
  }
  figures.push({ id: 'B3', what: `ready after restart, ${fmt(big.pendingTimers)} timers pending`, value: `${ms(engine.readyMs)} ms`, target: '<= 5 s', met: engine.readyMs <= 5000 });
}

interface InboxResult {
  byFilter: Record<string, LatencySummary>;
  overall: LatencySummary;
  rss: number;
  heapUsed: number;
  rssAfterVerify: number;
  verify: { valid: boolean; casesChecked: number; eventsChecked: number; ms: number };
}

async function b5b6b4(big: BigDatabase, now: number): Promise<void> {
  const r = await runTsxForJson<InboxResult>('bench/big-db-child.ts', ['inbox', big.file, String(now), String(sizes.inboxRounds)]);
  const filters = Object.entries(r.byFilter).map(([name, l]) => `${name} p50 ${ms(l.p50)} / p99 ${ms(l.p99)} ms`).join('; ');
  say(`B5  inbox query over ${fmt(big.cases)} cases (engine.listCases, 50 a page, first pages and pages deep in the list, ` +
    `${fmt(r.overall.count)} queries): ${latencyText(r.overall)}; ${filters}`);
  figures.push({ id: 'B5', what: `inbox query p99, ${fmt(big.cases)} cases`, value: `${ms(r.overall.p99)} ms`, target: '<= 20 ms', met: r.overall.p99 <= 20 });
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  say(`B6  memory of a process holding an engine over ${fmt(big.cases)} cases after those queries and 200 case views: ` +
    `RSS ${mb(r.rss)} (JS heap ${mb(r.heapUsed)}; SQLite page cache up to 32 MB); after a whole-database chain check ${mb(r.rssAfterVerify)}`);
  figures.push({ id: 'B6', what: `RSS at ${fmt(big.cases)} cases`, value: mb(r.rss), target: '< 300 MB', met: r.rss < 300 * 2 ** 20 });
  const rate = (r.verify.eventsChecked / r.verify.ms) * 1000;
  say(`B4  whole-database chain check (engine.verifyAll): ${fmt(Math.round(rate))} events/s (${fmt(r.verify.eventsChecked)} events of ` +
    `${fmt(r.verify.casesChecked)} cases in ${ms(r.verify.ms)} ms, valid=${r.verify.valid})`);
  figures.push({ id: 'B4', what: 'whole-database chain check', value: `${fmt(Math.round(rate))} events/s`, target: '>= 500,000/s', met: r.verify.valid && rate >= 500_000 });
}

async function main(): Promise<void> {
  say(`Caseflow benchmarks${quick ? ' (--quick: smaller sizes)' : ''}`);
  say(machineLine());
  say(loadLine());
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-bench-'));
  try {
    if (wanted('b1', 'peer')) {
      const { ours } = await b1(dir);
      await peer(dir, ours);
    }
    if (wanted('b2', 'b3')) await b2b3();
    if (wanted('b4')) await b4Replay();
    if (wanted('b3', 'b4', 'b5', 'b6')) {
      const now = Date.now();
      const big = await generateBigDatabase(join(dir, 'big.db'), sizes.cases, now);
      say(`(large database: ${fmt(big.cases)} complaint cases, ${fmt(big.events)} events, ${fmt(big.pendingTimers)} pending timers, ` +
        `written in bulk in ${ms(big.generateMs / 1000)} s)`);
      if (wanted('b3')) await b3Restart(big);
      if (wanted('b4', 'b5', 'b6')) await b5b6b4(big, now);
    }
    if (wanted('pg')) {
      await postgresSection({ dir, sizes: { http: sizes.http, flows: sizes.pgFlows, timers: sizes.pgTimers }, figures, measureCeiling, profileFlags });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  say(loadLine());
  say('');
  say(summary(figures));
}

await main();
