/**
 * Starts the real Caseflow server in-process for browser tests: a temp SQLite database, a
 * manual clock, the shipped processes published, and one user per kind of person.
 */
import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, manualClock } from '../../engine/runtime/index.js';
import { openSqliteStore } from '../../engine/store/index.js';
import { createSqliteAccountStore } from '../../engine/store/accounts-store.js';
import { addUser } from '../../server/auth/users.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';

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
} as const;

/** A running test server. */
export interface TestServer {
  url: string;
  /** Moves the manual clock through the API as the process owner (fires due timers). */
  advanceClock(by: string): Promise<void>;
  stop(): Promise<void>;
}

/** Moves the server's manual clock with `POST /api/clock/advance`, signed in as the process owner. */
async function advanceClock(url: string, by: string): Promise<void> {
  const login = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: USERS.owner.username, password: PASSWORD }),
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

function filesBeside(processesDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.yaml')) files[relative(processesDir, path)] = readFileSync(path, 'utf8');
    }
  };
  if (existsSync(join(processesDir, 'templates'))) walk(join(processesDir, 'templates'));
  return files;
}

/** Starts the server on a free port. */
export async function startServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-e2e-'));
  const config = loadConfig({
    PORT: '0',
    CASEFLOW_DB: join(dir, 'caseflow.db'),
    CASEFLOW_CLOCK: 'manual',
    CASEFLOW_CLOCK_START: '2025-03-03T01:00:00Z',
    CASEFLOW_LOG_LEVEL: 'silent',
    CASEFLOW_UI_DIR: join(ROOT, 'admin-ui/dist'),
    CASEFLOW_PROCESSES_DIR: join(ROOT, 'processes'),
  });
  const store = openSqliteStore({ file: config.dbFile });
  const clock = manualClock(config.clockStart ?? Date.parse('2025-03-03T01:00:00Z'));
  const engine = createEngine({ store, clock });
  const accounts = createSqliteAccountStore(store.db);
  const files = filesBeside(config.processesDir);
  for (const name of readdirSync(config.processesDir).filter((f) => f.endsWith('.yaml')).sort()) {
    try {
      await engine.publish({ yaml: readFileSync(join(config.processesDir, name), 'utf8'), files, publishedBy: 'setup', message: 'Shipped version' });
    } catch (error) {
      // Another team's process may be mid-edit; the browser tests need only complaint-handling.
      if (name === 'complaint-handling.yaml') throw error;
    }
  }
  for (const user of Object.values(USERS)) await addUser(accounts, { username: user.username, password: PASSWORD, roles: [...user.roles] });
  const app = createApp({ engine, accounts, config, manualClock: clock });
  engine.startScheduler();
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    advanceClock: (by) => advanceClock(url, by),
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const thisFile = fileURLToPath(import.meta.url);
if (process.argv[1] === thisFile) {
  const server = await startServer();
  console.log(`${server.url}  (users: ${Object.values(USERS).map((u) => u.username).join(', ')}; password ${PASSWORD}; ui dir ${dirname(thisFile)})`);
}
