/**
 * The PostgreSQL section of `npm run bench` (`--only pg`): a throw-away cluster with PostgreSQL's
 * durable defaults (fsync on, synchronous_commit on), one database per measurement:
 * B1 with one server and with two servers on one database (requests round-robin across them),
 * the DBOS Transact peer on its own database, B2's complaint flow through the engine API, and B3
 * with two engines in two processes firing the same due timers, each timer checked to fire once.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { findPgBin, startPgCluster, type PgCluster } from '../test/support/pg-cluster.js';
import {
  caseflowEnv, measureServer, measureServers, startCaseflowOn, startDbosPeer, type HttpSettings, type ServerLoad, type ServerUnderTest,
} from './http-bench.js';
import { ROOT, runTsxForJson } from './lib/children.js';
import { say, type Figure } from './lib/report.js';
import { fmt, ms, ratio, type LatencySummary } from './lib/stats.js';

/** Sizes of the PostgreSQL section. */
export interface PgSizes {
  http: HttpSettings;
  /** Complaint flows of B2 on PostgreSQL. */
  flows: number;
  /** Timers falling due at once in B3 on PostgreSQL. */
  timers: number;
}

/** What the section is given by the run around it. */
export interface PgSectionOptions {
  dir: string;
  sizes: PgSizes;
  figures: Figure[];
  /** Starts the bare Hono route and measures it (closed loop): the ceiling of this run. */
  measureCeiling: () => Promise<ServerLoad>;
  /** Node flags of the one-server Caseflow run (`--cpu-prof`). */
  profileFlags: string[];
}

const latencyText = (l: LatencySummary) => `p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, p99.9 ${ms(l.p999)} ms`;
const errorsText = (r: ServerLoad) => (r.errors > 0 ? `; ${fmt(r.errors)} errors, first: ${r.firstError}` : '');
const cpuText = (r: ServerLoad) => `server CPU ${Math.round(r.serverCpuMsPerRequest * 1000)} µs/event`;

/** The cluster's version and durability settings, as the server reports them. */
async function clusterSettings(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const show = async (name: string) => (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? '?';
    return `PostgreSQL ${await show('server_version')}, fsync=${await show('fsync')}, synchronous_commit=${await show('synchronous_commit')}, ` +
      `full_page_writes=${await show('full_page_writes')}, shared_buffers=${await show('shared_buffers')}, wal_sync_method=${await show('wal_sync_method')}`;
  } finally {
    await client.end();
  }
}

/** Environment of a Caseflow server on a PostgreSQL database (the servers of one database share the seal key). */
const pgServerEnv = (dir: string, url: string, nodeId: string) =>
  caseflowEnv(url, { CASEFLOW_SEAL_KEY_FILE: join(dir, `${new URL(url).pathname.slice(1)}.seal-key`), CASEFLOW_NODE_ID: nodeId });

async function stopAll(servers: ServerUnderTest[]): Promise<void> {
  await Promise.all(servers.map((server) => server.child.stop(20_000)));
}

/** B1 on PostgreSQL: one server, then two servers on a second database; returns the one-server run. */
async function b1(cluster: PgCluster, options: PgSectionOptions, ceiling: ServerLoad): Promise<ServerLoad> {
  const { dir, sizes, figures } = options;
  const conn = `${sizes.http.connections} keep-alive connections, same generator`;
  const oneUrl = await cluster.createDatabase('caseflow_b1');
  const one = await startCaseflowOn(pgServerEnv(dir, oneUrl, 'bench-one'), options.profileFlags);
  let single: ServerLoad;
  try {
    single = (await measureServer(one, 'caseflow', sizes.http, false)).closed;
  } finally {
    await stopAll([one]);
  }
  say(`pg B1  events over HTTP on PostgreSQL, one server (complaint flow: registration + 4 steps, Bearer token), ${conn}, closed loop: ` +
    `${fmt(single.perSecond)} events/s; ratio to ceiling ${ratio(single.perSecond / ceiling.perSecond)} ` +
    `(${latencyText(single.latency)}; ${cpuText(single)})${errorsText(single)}`);
  figures.push({ id: 'pg B1', what: 'events over HTTP, one server, 32 conn.', value: `${fmt(single.perSecond)}/s (${ratio(single.perSecond / ceiling.perSecond)} of ceiling)`, target: 'compare with B1', met: single.errors === 0 ? undefined : false });

  const twoUrl = await cluster.createDatabase('caseflow_b1_two');
  const servers: ServerUnderTest[] = [];
  try {
    servers.push(await startCaseflowOn(pgServerEnv(dir, twoUrl, 'bench-a')));
    servers.push(await startCaseflowOn(pgServerEnv(dir, twoUrl, 'bench-b'), [], servers[0]?.token));
    const both = await measureServers(servers, 'caseflow', sizes.http);
    say(`pg B1  two servers on one database, requests round-robin across them, ${conn} in all, closed loop: ` +
      `${fmt(both.perSecond)} events/s; ratio to ceiling ${ratio(both.perSecond / ceiling.perSecond)}; ${ratio(both.perSecond / Math.max(1, single.perSecond))}x one server ` +
      `(${latencyText(both.latency)}; ${cpuText(both)}, both servers together)${errorsText(both)}`);
    figures.push({ id: 'pg B1', what: 'events over HTTP, two servers, 32 conn.', value: `${fmt(both.perSecond)}/s (${ratio(both.perSecond / ceiling.perSecond)} of ceiling)`, target: 'compare with one', met: both.errors === 0 ? undefined : false });
  } finally {
    await stopAll(servers);
  }
  return single;
}

/** Counts the peer's workflows by status: those done, and those still waiting for a step. */
async function dbosWorkflows(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM dbos.workflow_status GROUP BY status ORDER BY status');
    return rows.rows.map((r) => `${r.status} ${fmt(Number(r.n))}`).join(', ');
  } finally {
    await client.end();
  }
}

/** The DBOS Transact peer, and Caseflow ÷ DBOS against the one-server Caseflow run. */
async function dbosPeer(cluster: PgCluster, options: PgSectionOptions, ours: ServerLoad): Promise<void> {
  const { sizes, figures } = options;
  const url = await cluster.createDatabase('dbos_peer');
  const peer = await startDbosPeer(url);
  let run: ServerLoad;
  try {
    run = (await measureServer(peer, 'peer', sizes.http, false)).closed;
  } finally {
    await peer.child.stop(20_000);
  }
  const { version }: { version: string } = JSON.parse(readFileSync(join(ROOT, 'node_modules/@dbos-inc/dbos-sdk/package.json'), 'utf8'));
  say(`pg peer  DBOS Transact ${version} (the complaint flow as a workflow waiting on DBOS.recv for each step; a registration answered once the ` +
    `workflow is recorded, each step once its DBOS.send has committed; own database of the same cluster; same generator, ` +
    `${sizes.http.connections} connections), closed loop: ${fmt(run.perSecond)} events/s (${latencyText(run.latency)}; ${cpuText(run)})${errorsText(run)}; ` +
    `workflows afterwards: ${await dbosWorkflows(url)}`);
  const factor = ours.perSecond / Math.max(1, run.perSecond);
  say(`pg peer  Caseflow ÷ DBOS, events/s over HTTP, one server each: ${ratio(factor)}x`);
  figures.push({ id: 'pg peer', what: 'Caseflow ÷ DBOS Transact (one server each)', value: `${ratio(factor)}x`, target: '>= 3x', met: run.errors === 0 && ours.errors === 0 && factor >= 3 });
}

/** B2's complaint flow through the engine API on PostgreSQL. */
async function b2(cluster: PgCluster, options: PgSectionOptions): Promise<void> {
  const url = await cluster.createDatabase('caseflow_b2');
  const run = await runTsxForJson<{ flows: number; events: number; ms: number; cpuUsed: number }>('bench/pg-engine-child.ts', ['flow', url, String(options.sizes.flows)]);
  const perSecond = Math.round((run.events / run.ms) * 1000);
  const cpu = Math.round((run.cpuUsed * 1000) / run.events);
  say(`pg B2c complaint flow through the engine API on PostgreSQL (registration + 4 events, 64 flows side by side, group commit): ` +
    `${fmt(perSecond)} requests/s (${fmt(run.events)} in ${run.ms.toFixed(0)} ms); CPU of the engine's process ${cpu} µs/request`);
  options.figures.push({ id: 'pg B2c', what: 'complaint flow, engine API (no HTTP)', value: `${fmt(perSecond)}/s (${cpu} µs CPU each)`, target: 'compare with B2c', met: undefined });
}

interface FireResult {
  fired: number;
  startedAt: number;
  endedAt: number;
  cpuMs: number;
}

/** Starts a timer-firing engine in its own process; resolves with a `go` that starts it and resolves with its result. */
function startFiring(url: string, nodeId: string): Promise<() => Promise<FireResult>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/pg-engine-child.ts', 'timers-fire', url, nodeId], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<FireResult>((resolve, reject) => {
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(last));
      else reject(new Error(`timer engine ${nodeId} exited with ${code}:\n${stderr.slice(-3000)}${stdout.slice(-1000)}`));
    });
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout;
      stdout += chunk.toString();
      if (!before.includes('ready\n') && stdout.includes('ready\n')) {
        resolve(() => {
          child.stdin.end('go\n');
          return exited;
        });
      }
    });
    exited.catch(reject);
  });
}

/** B3 on PostgreSQL: two engines in two processes fire the same due timers; each must fire exactly once. */
async function b3(cluster: PgCluster, options: PgSectionOptions): Promise<void> {
  const { sizes, figures } = options;
  const url = await cluster.createDatabase('caseflow_b3');
  const setup = await runTsxForJson<{ created: number; ms: number }>('bench/pg-engine-child.ts', ['timers-setup', url, String(sizes.timers)]);
  const engines = await Promise.all([startFiring(url, 'bench-timers-a'), startFiring(url, 'bench-timers-b')]);
  const results = await Promise.all(engines.map((go) => go()));
  const check = await runTsxForJson<{ events: number; cases: number; firedTwice: number; pending: number }>('bench/pg-engine-child.ts', ['timers-check', url]);
  const fired = results.reduce((sum, r) => sum + r.fired, 0);
  const wallMs = Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt));
  const perSecond = Math.round((fired / wallMs) * 1000);
  const cpu = Math.round((results.reduce((sum, r) => sum + r.cpuMs, 0) * 1000) / Math.max(1, fired));
  const once = check.events === setup.created && check.cases === setup.created && check.firedTwice === 0 && check.pending === 0 && fired === setup.created;
  say(`pg B3  ${fmt(setup.created)} timers falling due at once, two engines in two processes on one database (claims FOR UPDATE SKIP LOCKED under leases): ` +
    `${fmt(perSecond)} timers/s (${wallMs.toFixed(0)} ms; fired ${results.map((r) => fmt(r.fired)).join(' + ')}; engines' CPU ${cpu} µs/timer); ` +
    `exactly once: ${once ? 'yes' : 'NO'} (${fmt(check.events)} timer events over ${fmt(check.cases)} cases, ${fmt(check.firedTwice)} cases fired twice, ` +
    `${fmt(check.pending)} timers left); setup: ${fmt(setup.created)} cases opened at ${fmt(Math.round((setup.created / setup.ms) * 1000))}/s`);
  figures.push({ id: 'pg B3', what: `${fmt(setup.created)} timers due at once, two engines`, value: `${fmt(perSecond)}/s, once: ${once ? 'yes' : 'no'}`, target: '>= 5,000/s, each once', met: once && perSecond >= 5000 });
}

/** Runs the PostgreSQL section, or says why it is skipped. */
export async function postgresSection(options: PgSectionOptions): Promise<void> {
  if (findPgBin() === undefined) {
    say('pg  skipped: PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb and no PG_BIN); install Debian\'s postgresql package to run this section');
    return;
  }
  const cluster = await startPgCluster({ durable: true });
  try {
    say(`pg  throw-away cluster started in ${ms(cluster.startMs)} ms: ${await clusterSettings(cluster.url('postgres'))}; ` +
      'each measurement on its own database');
    const ceiling = await options.measureCeiling();
    say(`pg ceiling  bare Hono JSON POST route, ${options.sizes.http.connections} connections, closed loop: ${fmt(ceiling.perSecond)} requests/s ` +
      `(server CPU ${Math.round(ceiling.serverCpuMsPerRequest * 1000)} µs/request)${errorsText(ceiling)}`);
    const ours = await b1(cluster, options, ceiling);
    await dbosPeer(cluster, options, ours);
    await b2(cluster, options);
    await b3(cluster, options);
  } finally {
    await cluster.stop();
  }
}
