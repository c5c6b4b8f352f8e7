/**
 * B1: events over HTTP. Starts each server as its own process (Caseflow exactly as `npm start`
 * runs it, the bare Hono ceiling, the bpmn-engine peer) and drives it with the load generator,
 * another process: closed-loop maximum, then open-loop constant rate at half that maximum.
 */
import { join } from 'node:path';
import { cpuTimeMs, runTsxForJson, startTsx, waitForOutput, type Child } from './lib/children.js';
import { makeFlow } from './load/flows.js';
import type { LoadResult, LoadSpec } from './load/generator.js';

/** A server under test. */
export interface ServerUnderTest {
  url: string;
  token?: string;
  child: Child;
}

const BENCH_USER = { username: 'bench-agent', password: 'load generator walks 0', roles: ['agent'] };
const ADMIN_PASSWORD = 'measured throughput 0';

/** Runs the load generator in its own process. */
function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return runTsxForJson<LoadResult>('bench/load/generator.ts', [JSON.stringify(spec)]);
}

async function call(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

/** Logs in as admin and makes an agent with an API token, as an operator would. */
async function issueAgentToken(url: string): Promise<string> {
  const login = await call(url, '/api/session', { username: 'admin', password: ADMIN_PASSWORD });
  const cookie = (login.headers.get('Set-Cookie') ?? '').split(';')[0];
  const { csrfToken }: { csrfToken: string } = await login.json();
  const asAdmin = { Cookie: cookie, 'X-CSRF-Token': csrfToken };
  await call(url, '/api/users', BENCH_USER, asAdmin);
  const issued = await call(url, '/api/tokens', { name: 'bench load', user: BENCH_USER.username }, asAdmin);
  const { token }: { token: string } = await issued.json();
  return token;
}

/** Environment of a Caseflow server on `dbFile`, on a free port, logging only warnings. */
export function caseflowEnv(dbFile: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    CASEFLOW_DB: dbFile,
    CASEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CASEFLOW_LOG_LEVEL: 'warn',
    CASEFLOW_UI_DIR: '/nonexistent',
    ...extra,
  };
}

/** Starts the real server (server/main.ts) on a new database and gives the bench agent a token. */
export function startCaseflow(dir: string, nodeFlags: string[] = []): Promise<ServerUnderTest> {
  return startCaseflowOn(caseflowEnv(join(dir, 'b1-caseflow.db')), nodeFlags);
}

/**
 * Starts the real server with `env` (see `caseflowEnv`); the bench agent gets a new token, or
 * keeps `token` when another server of the same database has issued it already.
 */
export async function startCaseflowOn(env: Record<string, string>, nodeFlags: string[] = [], token?: string): Promise<ServerUnderTest> {
  const child = startTsx('server/main.ts', [], env, nodeFlags);
  return settingUp(child, async () => {
    const [, url] = await waitForOutput(child, /listening on (http:\/\/\S+)/);
    return { url, token: token ?? (await issueAgentToken(url)), child };
  });
}

/** Starts the bare Hono JSON route. */
export async function startCeiling(): Promise<ServerUnderTest> {
  const child = startTsx('bench/ceiling-server.ts');
  return settingUp(child, async () => ({ url: `http://127.0.0.1:${(await waitForOutput(child, /listening (\d+)/))[1]}`, child }));
}

/** Starts the DBOS Transact peer on the PostgreSQL database `url` (its system database). */
export async function startDbosPeer(url: string): Promise<ServerUnderTest> {
  const child = startTsx('bench/peer/dbos-server.ts', [url]);
  return settingUp(child, async () => ({ url: `http://127.0.0.1:${(await waitForOutput(child, /listening (\d+)/))[1]}`, child }));
}

/** Starts the bpmn-engine peer on a new SQLite file. */
export async function startPeer(dir: string): Promise<ServerUnderTest> {
  const child = startTsx('bench/peer/peer-server.ts', [join(dir, 'b1-peer.db')]);
  return settingUp(child, async () => ({ url: `http://127.0.0.1:${(await waitForOutput(child, /listening (\d+)/))[1]}`, child }));
}

/** Runs the set-up of a started server; stops the child when the set-up fails, so none is left behind. */
async function settingUp(child: Child, setUp: () => Promise<ServerUnderTest>): Promise<ServerUnderTest> {
  try {
    return await setUp();
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Timings of the HTTP runs. */
export interface HttpSettings {
  connections: number;
  warmupMs: number;
  durationMs: number;
}

/** A load run and the server's CPU time per acknowledged request over the whole run (warm-up included). */
export interface ServerLoad extends LoadResult {
  serverCpuMsPerRequest: number;
}

/** CPU time of all the servers' processes so far, in ms. */
const serversCpuMs = (servers: ServerUnderTest[]) => servers.reduce((sum, server) => sum + cpuTimeMs(server.child.process.pid), 0);

async function measured(servers: ServerUnderTest[], spec: LoadSpec): Promise<ServerLoad> {
  const before = serversCpuMs(servers);
  const result = await runLoad(spec);
  const cpu = serversCpuMs(servers) - before;
  const requests = result.acknowledged * ((spec.warmupMs + spec.durationMs) / spec.durationMs);
  return { ...result, serverCpuMsPerRequest: cpu / requests };
}

/** Closed-loop maximum, then open-loop at half of it. */
export async function measureServer(
  server: ServerUnderTest,
  kind: LoadSpec['kind'],
  settings: HttpSettings,
  withOpenLoop: boolean,
): Promise<{ closed: ServerLoad; open?: ServerLoad }> {
  const base = { url: server.url, token: server.token, kind, connections: settings.connections, warmupMs: settings.warmupMs, durationMs: settings.durationMs };
  const closed = await measured([server], { ...base, mode: 'closed' });
  if (!withOpenLoop) return { closed };
  const rate = Math.max(1, Math.floor(closed.perSecond / 2));
  const open = await measured([server], { ...base, mode: 'open', rate, warmupMs: Math.min(settings.warmupMs, 2000) });
  return { closed, open };
}

/**
 * Closed-loop maximum over servers of one database, the requests spread round-robin across them
 * (the first server's token serves all); the CPU per request is that of all the servers together.
 */
export async function measureServers(servers: ServerUnderTest[], kind: LoadSpec['kind'], settings: HttpSettings): Promise<ServerLoad> {
  const [first] = servers;
  if (!first) throw new Error('no server to measure');
  for (const server of servers) await walkOneFlow(server, first.token, kind);
  return measured(servers, {
    url: first.url, urls: servers.map((s) => s.url), token: first.token, kind, mode: 'closed',
    connections: settings.connections, warmupMs: settings.warmupMs, durationMs: settings.durationMs,
  });
}

/**
 * Walks one whole flow on a server before it is measured: a server sharing a database compiles
 * each process on its first use, which a short warm-up under load would otherwise count.
 */
async function walkOneFlow(server: ServerUnderTest, token: string | undefined, kind: LoadSpec['kind']): Promise<void> {
  const flow = makeFlow(kind, 1_000_000_000);
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  let previous: string | undefined;
  for (let request = flow.next(undefined); request; request = flow.next(previous)) {
    previous = await (await call(server.url, request.path, JSON.parse(request.body), headers)).text();
  }
}
