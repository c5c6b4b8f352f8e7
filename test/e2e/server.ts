/**
 * Starts the real Caseflow server in-process for browser tests: a temp SQLite database, a
 * manual clock, the shipped processes published, and one user per kind of person.
 * Run it alone (`npx tsx test/e2e/server.ts`) to look around with those users.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addUser } from '../../server/auth/users.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import type { Caseflow, CaseflowStore } from '../../server/bootstrap.js';
import { startCaseflow } from '../../server/serve.js';

/** Root of the repository. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Password of every test user. */
export const PASSWORD = 'correct-horse-battery';

/** The test users, by what they do. */
export const USERS = {
  owner: { username: 'olivia', roles: ['process-owner'] },
  agent: { username: 'wang.fang', roles: ['agent'] },
  lead: { username: 'li.lei', roles: ['team-lead'] },
  auditor: { username: 'zhao.min', roles: ['auditor'] },
  admin: { username: 'chen.jing', roles: ['admin'] },
} as const;

/** A running test server. */
export interface TestServer {
  url: string;
  /** The running Caseflow (store, accounts, notifications), for what a test sets up directly. */
  caseflow: Caseflow<CaseflowStore>;
  /** Moves the manual clock through the API as the administrator (fires due timers). */
  advanceClock(by: string): Promise<void>;
  stop(): Promise<void>;
}

/** Moves the server's manual clock with `POST /api/clock/advance`, signed in as the administrator. */
async function advanceClock(url: string, by: string): Promise<void> {
  const login = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: USERS.admin.username, password: PASSWORD }),
  });
  const session: unknown = await login.json();
  const csrf = typeof session === 'object' && session !== null && 'csrfToken' in session ? String(session.csrfToken) : '';
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const moved = await fetch(`${url}/api/clock/advance`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
    body: JSON.stringify({ by }),
  });
  if (!moved.ok) throw new Error(`clock advance failed: ${moved.status} ${await moved.text()}`);
}

/** Options of `startServer`. */
export interface StartServerOptions {
  /** Also open the demo users and cases, as `npm start -- --demo` does. */
  demo?: boolean;
}

/** Starts the server as `npm start` does (shipped processes published), on a free port, with test users. */
export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-e2e-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CASEFLOW_DB: join(dir, 'caseflow.db'),
    CASEFLOW_CLOCK: 'manual',
    CASEFLOW_CLOCK_START: '2025-03-03T01:00:00Z',
    CASEFLOW_ADMIN_PASSWORD: PASSWORD,
    CASEFLOW_LOG_LEVEL: 'silent',
    CASEFLOW_UI_DIR: join(ROOT, 'admin-ui/dist'),
    CASEFLOW_PROCESSES_DIR: join(ROOT, 'processes'),
  });
  const running = await startCaseflow(config, createLogger('silent'), { say: () => {}, demo: options.demo });
  for (const user of Object.values(USERS)) await addUser(running.caseflow.accounts, { username: user.username, password: PASSWORD, roles: [...user.roles] });
  return {
    url: running.url,
    caseflow: running.caseflow,
    advanceClock: (by) => advanceClock(running.url, by),
    async stop() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const thisFile = fileURLToPath(import.meta.url);
if (process.argv[1] === thisFile) {
  const server = await startServer();
  console.log(`${server.url}  (users: ${Object.values(USERS).map((u) => u.username).join(', ')}; password ${PASSWORD})`);
}
