/**
 * Builds the Caseflow app in-process for route tests, with a user per role and helpers to log
 * in and call the API as a session (cookie + CSRF header) or as a Bearer token.
 */
import type { Hono } from 'hono';
import { memoryAccountStore } from '../../engine/accounts/memory-store.js';
import type { AccountStore } from '../../engine/accounts/types.js';
import { manualClock, type ManualClock } from '../../engine/runtime/clock.js';
import type { Engine } from '../../engine/runtime/types.js';
import { createApp } from '../../server/app.js';
import { KNOWN_ROLES } from '../../server/auth/roles.js';
import { addUser } from '../../server/auth/users.js';
import { loadConfig, type ServerConfig } from '../../server/config.js';
import type { AppEnv } from '../../server/context.js';
import { createLogger } from '../../server/log.js';
import { createMetrics, type CaseflowMetrics } from '../../server/metrics.js';
import { createFakeEngine } from './fake-engine.js';

/** Password of every user the harness creates. */
export const PASSWORD = 'correct horse battery staple';
/** Start of the manual clock: 2025-03-03 09:00 Asia/Shanghai, a Monday. */
export const CLOCK_START = Date.parse('2025-03-03T01:00:00Z');

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
  accounts: AccountStore;
  clock: ManualClock;
  metrics: CaseflowMetrics;
  config: ServerConfig;
  logs: string[];
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  login(username: string, password?: string): Promise<Session>;
}

/** Options of `createHarness`. */
export interface HarnessOptions {
  /** Builds the engine over the clock (default: the fake engine). */
  engine?: (clock: ManualClock, metrics: CaseflowMetrics) => Engine | Promise<Engine>;
  /** Users to create, name -> roles (default: one user per known role, named after it). */
  users?: Record<string, string[]>;
  config?: Partial<ServerConfig>;
  manual?: boolean;
}

/** One user per known role, each named after its role. */
export function userPerRole(): Record<string, string[]> {
  return Object.fromEntries(KNOWN_ROLES.map((role) => [role, [role]]));
}

/** Builds an app with users, over the fake engine unless told otherwise. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = manualClock(CLOCK_START);
  const metrics = createMetrics();
  const engine = await (options.engine ?? ((c: ManualClock) => createFakeEngine(c)))(clock, metrics);
  const accounts = memoryAccountStore();
  const logs: string[] = [];
  const config: ServerConfig = { ...loadConfig({}), uiDir: '/nonexistent', clock: 'manual', ...options.config };
  const app = createApp({
    engine,
    accounts,
    config,
    metrics,
    logger: createLogger('info', (line) => logs.push(line)),
    manualClock: options.manual === false ? undefined : clock,
  });
  await Promise.all(Object.entries(options.users ?? userPerRole()).map(([username, roles]) => addUser(accounts, { username, password: PASSWORD, roles })));

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

  return { app, engine, accounts, clock, metrics, config, logs, call, login };
}
