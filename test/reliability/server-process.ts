/**
 * The real server (`server/main.ts`, as `npm start` runs it) as a child process, for the
 * reliability tests: start it on a database file, log in, make an agent with an API token,
 * call it, and SIGKILL or stop it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Password of `admin` on every server these tests start. */
export const ADMIN_PASSWORD = 'kept through every crash 1';
/** The password of every user the reliability tests add (it passes the password policy). */
const USER_PASSWORD = 'survives the full disk 2';

/** A running server. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the "listening" line. */
  startedInMs: number;
  output(): string;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

/** Options of `startServer`. */
export interface ServerOptions {
  dbFile: string;
  /** ISO time of a manual clock; the server runs on the system clock without it. */
  clockStart?: string;
  env?: Record<string, string>;
}

/** Starts the server and resolves once it listens. */
export function startServer(options: ServerOptions): Promise<ServerProcess> {
  const env: Record<string, string> = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    CASEFLOW_DB: options.dbFile,
    CASEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CASEFLOW_LOG_LEVEL: 'warn',
    CASEFLOW_UI_DIR: '/nonexistent',
    ...(options.clockStart ? { CASEFLOW_CLOCK: 'manual', CASEFLOW_CLOCK_START: options.clockStart } : {}),
    ...options.env,
  };
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        child,
        startedInMs: performance.now() - started,
        output: () => output,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(force);
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/** An HTTP answer with its parsed JSON body. */
export interface Answer<T> {
  status: number;
  body: T;
}

/** Calls the server with JSON and an optional Bearer token or admin session. */
export async function call<T>(
  url: string,
  method: string,
  path: string,
  options: { json?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await fetch(new URL(path, url), { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  const text = await response.text();
  const body: T = text === '' ? null : JSON.parse(text);
  return { status: response.status, body };
}

/** Logs in as admin; the headers to send as that session. */
export async function adminSession(url: string): Promise<Record<string, string>> {
  const response = await fetch(new URL('/api/session', url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`admin login answered ${response.status}: ${await response.text()}`);
  const { csrfToken }: { csrfToken: string } = await response.json();
  return { Cookie: (response.headers.get('Set-Cookie') ?? '').split(';')[0], 'X-CSRF-Token': csrfToken };
}

/** Creates a user with `roles` and returns an API token acting as them. */
export async function tokenFor(url: string, admin: Record<string, string>, username: string, roles: string[]): Promise<string> {
  const user = await call(url, 'POST', '/api/users', { headers: admin, json: { username, password: USER_PASSWORD, roles } });
  if (user.status !== 201) throw new Error(`creating ${username} answered ${user.status}: ${JSON.stringify(user.body)}`);
  const issued = await call<{ token: string }>(url, 'POST', '/api/tokens', { headers: admin, json: { name: `${username} token`, user: username } });
  if (issued.status !== 201) throw new Error(`issuing a token answered ${issued.status}: ${JSON.stringify(issued.body)}`);
  return issued.body.token;
}
