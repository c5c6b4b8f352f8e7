/**
 * The PostgreSQL section of `npm run bench` (`--only pg`): a throw-away cluster with PostgreSQL's
 * durable defaults (fsync on, synchronous_commit on), one database per measurement:
 * B1 with one server and with two servers on one database (requests round-robin across them),
 * the DBOS Transact peer on its own database, B2's complaint flow through the engine API, and B3
 * with two engines in two processes firing the same due timers, each timer checked to fire once.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { findPgBin, startPgCluster, type PgCluster } from '../test/support/pg-cluster.js';
import {
  caseflowEnv, measureServers, startCaseflowOn, startDbosPeer, type HttpSettings, type ServerLoad, type ServerUnderTest,
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

/** The postmaster's process id, from the parent of a backend. */
async function postmasterPid(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return Number.NaN;
  } finally {
    await client.end();
  }
}

/**
 * CPU time (ms) the cluster has used so far: the postmaster with its ended children, and every
 * live backend and helper process; NaN where there is no /proc.
 */
function clusterCpuMs(postmaster: number): number {
  try {
    const fields = (pid: number | string) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    };
    const own = fields(postmaster);
    // utime, stime, cutime, cstime: fields 14 to 17 of stat, in ticks of 1/100 s.
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const child = fields(entry);
        if (Number(child[1]) === postmaster) ticks += Number(child[11]) + Number(child[12]);
      } catch {
        // The process ended meanwhile; its time is in the postmaster's cutime.
      }
    }
    return ticks * 10;
  } catch {
    return Number.NaN;
  }
}

/** Measures the cluster's CPU time over `work`, per `count(result)` units of work, in µs. */
async function withClusterCpu<T>(postmaster: number, work: () => Promise<T>, count: (result: T) => number): Promise<{ result: T; clusterUs: number }> {
  const before = clusterCpuMs(postmaster);
  const result = await work();
  return { result, clusterUs: Math.round(((clusterCpuMs(postmaster) - before) * 1000) / Math.max(1, count(result))) };
}

/** Requests a load run served, warm-up included (the CPU figures cover the whole run). */
const servedRequests = (r: ServerLoad, http: HttpSettings) => r.acknowledged * ((http.warmupMs + http.durationMs) / http.durationMs);

/** Environment of a Caseflow server on a PostgreSQL database (the servers of one database share the seal key). */
const pgServerEnv = (dir: string, url: string, nodeId: string) =>
  caseflowEnv(url, { CASEFLOW_SEAL_KEY_FILE: join(dir, `${new URL(url).pathname.slice(1)}.seal-key`), CASEFLOW_NODE_ID: nodeId });

async function stopAll(servers: ServerUnderTest[]): Promise<void> {
  await Promise.all(servers.map((server) => server.child.stop(20_000)));
}

/** The cluster of the section and its postmaster, whose CPU is counted apart from the servers'. */
interface PgRun {
  cluster: PgCluster;
  postmaster: number;
  options: PgSectionOptions;
}

/** Closed-loop run over `servers`, with the cluster's CPU per request. */
function measureWithCluster(run: PgRun, servers: ServerUnderTest[], kind: 'caseflow' | 'peer'): Promise<{ result: ServerLoad; clusterUs: number }> {
  const { http } = run.options.sizes;
  return withClusterCpu(run.postmaster, () => measureServers(servers, kind, http), (r) => servedRequests(r, http));
}

const pgCpuText = (us: number) => `PostgreSQL CPU ${Number.isNaN(us) ? '?' : us} µs/event`;

/** B1 on PostgreSQL: one server, then two servers on a second database; returns the one-server run. */
async function b1(run: PgRun, ceiling: ServerLoad): Promise<ServerLoad> {
  const { cluster, options } = run;
  const { dir, sizes, figures } = options;
  const conn = `${sizes.http.connections} keep-alive connections, same generator`;
  const oneUrl = await cluster.createDatabase('caseflow_b1');
  const one = await startCaseflowOn(pgServerEnv(dir, oneUrl, 'bench-one'), options.profileFlags);
  let single: { result: ServerLoad; clusterUs: number };
  try {
    single = await measureWithCluster(run, [one], 'caseflow');
  } finally {
    await stopAll([one]);
  }
  const r1 = single.result;
  say(`pg B1  events over HTTP on PostgreSQL, one server (complaint flow: registration + 4 steps, Bearer token, group commit), ${conn}, closed loop: ` +
    `${fmt(r1.perSecond)} events/s; ratio to ceiling ${ratio(r1.perSecond / ceiling.perSecond)} ` +
    `(${latencyText(r1.latency)}; ${cpuText(r1)}; ${pgCpuText(single.clusterUs)})${errorsText(r1)}`);
  figures.push({ id: 'pg B1', what: 'events over HTTP, one server, 32 conn.', value: `${fmt(r1.perSecond)}/s (${ratio(r1.perSecond / ceiling.perSecond)} of ceiling)`, target: 'compare with B1', met: r1.errors === 0 ? undefined : false });

  const twoUrl = await cluster.createDatabase('caseflow_b1_two');
  const servers: ServerUnderTest[] = [];
  try {
    servers.push(await startCaseflowOn(pgServerEnv(dir, twoUrl, 'bench-a')));
    servers.push(await startCaseflowOn(pgServerEnv(dir, twoUrl, 'bench-b'), [], servers[0]?.token));
    const both = await measureWithCluster(run, servers, 'caseflow');
    const r2 = both.result;
    say(`pg B1  two servers on one database, requests round-robin across them, ${conn} in all, closed loop: ` +
      `${fmt(r2.perSecond)} events/s; ratio to ceiling ${ratio(r2.perSecond / ceiling.perSecond)}; ${ratio(r2.perSecond / Math.max(1, r1.perSecond))}x one server ` +
      `(${latencyText(r2.latency)}; ${cpuText(r2)}, both servers together; ${pgCpuText(both.clusterUs)})${errorsText(r2)}`);
    figures.push({ id: 'pg B1', what: 'events over HTTP, two servers, 32 conn.', value: `${fmt(r2.perSecond)}/s (${ratio(r2.perSecond / ceiling.perSecond)} of ceiling)`, target: 'compare with one', met: r2.errors === 0 ? undefined : false });
  } finally {
    await stopAll(servers);
  }
  return r1;
}

/** The peer's messages not yet received by their workflows. */
async function dbosBacklog(client: pg.Client): Promise<number> {
  return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM dbos.notifications WHERE NOT consumed')).rows[0]?.n);
}

/** Waits (up to 60 s) until the peer's workflows have received every message sent; returns the time it took. */
async function drainDbos(client: pg.Client): Promise<number> {
  const start = performance.now();
  while ((await dbosBacklog(client)) > 0 && performance.now() - start < 60_000) await new Promise((resolve) => setTimeout(resolve, 100));
  return performance.now() - start;
}

/** The DBOS Transact peer, and Caseflow ÷ DBOS against the one-server Caseflow run. */
async function dbosPeer(run: PgRun, ours: ServerLoad): Promise<void> {
  const { cluster, options } = run;
  const { sizes, figures } = options;
  const url = await cluster.createDatabase('dbos_peer');
  const peer = await startDbosPeer(url);
  const client = new pg.Client({ connectionString: url });
  let measured: { result: ServerLoad; clusterUs: number };
  let backlog: number;
  let drainMs: number;
  let workflows: string;
  try {
    measured = await measureWithCluster(run, [peer], 'peer');
    await client.connect();
    backlog = await dbosBacklog(client);
    drainMs = await drainDbos(client);
    const rows = await client.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM dbos.workflow_status GROUP BY status ORDER BY status');
    workflows = rows.rows.map((r) => `${r.status} ${fmt(Number(r.n))}`).join(', ');
  } finally {
    await client.end().catch(() => undefined);
    await peer.child.stop(20_000);
  }
  const r = measured.result;
  const { version }: { version: string } = JSON.parse(readFileSync(join(ROOT, 'node_modules/@dbos-inc/dbos-sdk/package.json'), 'utf8'));
  say(`pg peer  DBOS Transact ${version} (the complaint flow as a workflow waiting on DBOS.recv for each step; a registration answered once the ` +
    `workflow is recorded, each step once its DBOS.send has committed; own database of the same cluster; same generator, ` +
    `${sizes.http.connections} connections), closed loop: ${fmt(r.perSecond)} events/s (${latencyText(r.latency)}; ${cpuText(r)}; ` +
    `${pgCpuText(measured.clusterUs)})${errorsText(r)}; when the load stopped ${fmt(backlog)} sent steps were not yet received by their ` +
    `workflows (received ${drainMs.toFixed(0)} ms later); workflows then: ${workflows} (PENDING: flows the load left half-way)`);
  const factor = ours.perSecond / Math.max(1, r.perSecond);
  say(`pg peer  Caseflow ÷ DBOS, events/s over HTTP, one server each: ${ratio(factor)}x`);
  figures.push({ id: 'pg peer', what: 'Caseflow ÷ DBOS Transact (one server each)', value: `${ratio(factor)}x`, target: '>= 3x', met: r.errors === 0 && ours.errors === 0 && factor >= 3 });
}

/** B2's complaint flow through the engine API on PostgreSQL. */
async function b2(run: PgRun): Promise<void> {
  const url = await run.cluster.createDatabase('caseflow_b2');
  const { result, clusterUs } = await withClusterCpu(
    run.postmaster,
    () => runTsxForJson<{ flows: number; events: number; ms: number; cpuUsed: number }>('bench/pg-engine-child.ts', ['flow', url, String(run.options.sizes.flows)]),
    (r) => r.events,
  );
  const perSecond = Math.round((result.events / result.ms) * 1000);
  const cpu = Math.round((result.cpuUsed * 1000) / result.events);
  say(`pg B2c complaint flow through the engine API on PostgreSQL (registration + 4 events, 64 flows side by side, group commit): ` +
    `${fmt(perSecond)} requests/s (${fmt(result.events)} in ${result.ms.toFixed(0)} ms); CPU of the engine's process ${cpu} µs/request; ` +
    `PostgreSQL CPU ${clusterUs} µs/request (warm-up and publishing included)`);
  run.options.figures.push({ id: 'pg B2c', what: 'complaint flow, engine API (no HTTP)', value: `${fmt(perSecond)}/s (${cpu} µs CPU each)`, target: 'compare with B2c', met: undefined });
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
async function b3(run: PgRun): Promise<void> {
  const { sizes, figures } = run.options;
  const url = await run.cluster.createDatabase('caseflow_b3');
  const setup = await runTsxForJson<{ created: number; ms: number }>('bench/pg-engine-child.ts', ['timers-setup', url, String(sizes.timers)]);
  const engines = await Promise.all([startFiring(url, 'bench-timers-a'), startFiring(url, 'bench-timers-b')]);
  const { result: results, clusterUs } = await withClusterCpu(run.postmaster, () => Promise.all(engines.map((go) => go())), (r) => r.reduce((sum, one) => sum + one.fired, 0));
  const check = await runTsxForJson<{ events: number; cases: number; firedTwice: number; pending: number }>('bench/pg-engine-child.ts', ['timers-check', url]);
  const fired = results.reduce((sum, r) => sum + r.fired, 0);
  const wallMs = Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt));
  const perSecond = Math.round((fired / wallMs) * 1000);
  const cpu = Math.round((results.reduce((sum, r) => sum + r.cpuMs, 0) * 1000) / Math.max(1, fired));
  const once = check.events === setup.created && check.cases === setup.created && check.firedTwice === 0 && check.pending === 0 && fired === setup.created;
  say(`pg B3  ${fmt(setup.created)} timers falling due at once, two engines in two processes on one database (claims FOR UPDATE SKIP LOCKED under leases): ` +
    `${fmt(perSecond)} timers/s (${wallMs.toFixed(0)} ms; fired ${results.map((r) => fmt(r.fired)).join(' + ')}; engines' CPU ${cpu} µs/timer, PostgreSQL's ${clusterUs} µs/timer); ` +
    `exactly once: ${once ? 'yes' : 'NO'} (${fmt(check.events)} timer events over ${fmt(check.cases)} cases, ${fmt(check.firedTwice)} cases fired twice, ` +
    `${fmt(check.pending)} timers left); setup: ${fmt(setup.created)} cases opened at ${fmt(Math.round((setup.created / setup.ms) * 1000))}/s`);
  figures.push({ id: 'pg B3', what: `${fmt(setup.created)} timers due at once, two engines`, value: `${fmt(perSecond)}/s, once: ${once ? 'yes' : 'no'}`, target: '>= 5,000/s, each once', met: once && perSecond >= 5000 });
}

/** Runs the PostgreSQL section, or says why it is skipped. */
export async function postgresSection(options: PgSectionOptions): Promise<void> {
  if (findPgBin() === undefined) {
    const where = process.env.PG_BIN ? `no initdb in PG_BIN=${process.env.PG_BIN}` : 'no /usr/lib/postgresql/*/bin/initdb and no PG_BIN';
    say(`pg  skipped: PostgreSQL server binaries not found (${where}); install Debian's postgresql package to run this section`);
    return;
  }
  const cluster = await startPgCluster({ durable: true });
  try {
    say(`pg  throw-away cluster started in ${ms(cluster.startMs)} ms: ${await clusterSettings(cluster.url('postgres'))}; ` +
      'each measurement on its own database');
    const ceiling = await options.measureCeiling();
    say(`pg ceiling  bare Hono JSON POST route, ${options.sizes.http.connections} connections, closed loop: ${fmt(ceiling.perSecond)} requests/s ` +
      `(server CPU ${Math.round(ceiling.serverCpuMsPerRequest * 1000)} µs/request)${errorsText(ceiling)}`);
    const run: PgRun = { cluster, postmaster: await postmasterPid(cluster.url('postgres')), options };
    const ours = await b1(run, ceiling);
    await dbosPeer(run, ours);
    await b2(run);
    await b3(run);
  } finally {
    await cluster.stop();
  }
}
