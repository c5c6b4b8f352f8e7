/**
 * Builds the Caseflow app in-process for route tests, with a user per role and helpers to log
 * in and call the API as a session (cookie + CSRF header) or as a Bearer token.
 */
import type { Hono } from 'hono';
import type { AccountStore } from '../../engine/accounts/types.js';
import type { ManualClock } from '../../engine/runtime/clock.js';
import type { Engine } from '../../engine/runtime/types.js';
import type { OutboxBrowser } from '../../engine/notify/outbox-browser.js';
import { openSqliteStores, type SqliteStore } from '../../engine/store/sqlite/index.js';
import { KNOWN_ROLES } from '../../server/auth/roles.js';
import { addUser } from '../../server/auth/users.js';
import { openCaseflow } from '../../server/bootstrap.js';
import { loadConfig, type ServerConfig } from '../../server/config.js';
import type { AppEnv } from '../../server/context.js';
import { createLogger } from '../../server/log.js';
import type { CaseflowMetrics } from '../../server/metrics.js';
import { publishShippedProcesses } from '../../server/setup.js';

/** Password of every user the harness creates. */
export const PASSWORD = 'correct horse battery staple';
/** Start of the manual clock: 2025-03-03 09:00 Asia/Shanghai, a Monday. */
export const CLOCK_START = Date.parse('2025-03-03T01:00:00Z');

/** Case data of a complaint, as complaint-handling.yaml requires it. */
export const complaint = (name = '张伟 Zhang Wei') => ({
  customer: { name, phone: '13800138000' },
  channel: 'phone',
  category: 'billing',
  severity: 'normal',
  unit: 'east-district',
  description: '本月流量费用异常 Data charged twice',
});

/** A logged-in browser: its cookie and its CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
}

/** Options of a call. */
export interface CallOptions {
  /** A session, or a Bearer token. */
  as?: Session | string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** Leave out the CSRF header of a session (to test its refusal). */
  omitCsrf?: boolean;
}

/** A running in-process app and what it was built from. */
export interface Harness {
  app: Hono<AppEnv>;
  engine: Engine;
  store: SqliteStore;
  accounts: AccountStore;
  outbox: OutboxBrowser;
  clock: ManualClock;
  metrics: CaseflowMetrics;
  config: ServerConfig;
  logs: string[];
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  login(username: string, password?: string): Promise<Session>;
  close(): Promise<void>;
}

/** Options of `createHarness`. */
export interface HarnessOptions {
  /** Users to create, name -> roles (default: one user per known role, named after it). */
  users?: Record<string, string[]>;
  config?: Partial<ServerConfig>;
  /** Publish the shipped processes (default true). */
  publish?: boolean;
}

/** One user per known role, each named after its role. */
export function userPerRole(): Record<string, string[]> {
  return Object.fromEntries(KNOWN_ROLES.map((role) => [role, [role]]));
}

/**
 * Builds Caseflow exactly as `npm start` does (real engine, SQLite in memory, manual clock at
 * CLOCK_START, the shipped processes published) with a user per role.
 */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const logs: string[] = [];
  const logger = createLogger('info', (line) => logs.push(line));
  const config: ServerConfig = { ...loadConfig({}), dbFile: ':memory:', uiDir: '/nonexistent', clock: 'manual', clockStart: CLOCK_START, ...options.config };
  const opened = openSqliteStores({ file: config.dbFile, writerThread: config.sqliteWriter === 'thread' });
  const caseflow = await openCaseflow(config, logger, opened);
  if (options.publish !== false) {
    const report = await publishShippedProcesses(caseflow.engine, config.processesDir, logger);
    if (report.failed.length > 0) throw new Error(`shipped processes failed to publish: ${JSON.stringify(report.failed)}`);
  }
  const { app, engine, accounts, metrics } = caseflow;
  const { store, outbox } = opened;
  const clock = caseflow.manualClock ?? { now: () => Date.now(), advance: () => Date.now(), set: () => {} };
  for (const [username, roles] of Object.entries(options.users ?? userPerRole())) await addUser(accounts, { username, password: PASSWORD, roles });

  async function call(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...opts.headers };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['Content-Type'] ??= 'application/json';
    }
    if (typeof opts.as === 'string') headers.Authorization = `Bearer ${opts.as}`;
    else if (opts.as) {
      headers.Cookie = opts.as.cookie;
      if (!opts.omitCsrf && !['GET', 'HEAD'].includes(method)) headers['X-CSRF-Token'] = opts.as.csrf;
    }
    return app.request(path, { method, headers, body });
  }

  async function login(username: string, password = PASSWORD): Promise<Session> {
    const response = await call('POST', '/api/session', { json: { username, password } });
    if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}: ${await response.text()}`);
    const cookie = (response.headers.get('Set-Cookie') ?? '').split(';')[0];
    const { csrfToken }: { csrfToken: string } = await response.json();
    return { cookie, csrf: csrfToken };
  }

  return { app, engine, store, accounts, outbox, clock, metrics, config, logs, call, login, close: () => caseflow.close() };
}
