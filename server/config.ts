/**
 * Server configuration, read once from environment variables (listed in the README).
 */
import { parseDuration } from '../engine/dsl/duration.js';
import { isPostgresUrl } from '../engine/store/database-url.js';
import { DEFAULT_MIN_PASSWORD_LENGTH } from './auth/password-policy.js';
import { DEFAULT_TOKEN_TTL_MS } from './auth/tokens.js';

/** Levels of the structured log, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Everything the server can be told from outside. */
export interface ServerConfig {
  /** `PORT` (3000); 0 picks a free port. */
  port: number;
  /** `HOST` (127.0.0.1). */
  host: string;
  /** `CASEFLOW_DB`: SQLite file (./data/caseflow.db), unless it is a PostgreSQL URL. */
  dbFile: string;
  /** `CASEFLOW_DB` when it is a `postgres://` (or `postgresql://`) URL: the PostgreSQL store instead of SQLite. */
  databaseUrl?: string;
  /** `CASEFLOW_ADMIN_PASSWORD`: password of `admin` when it is first created; generated when absent. */
  adminPassword?: string;
  /** `CASEFLOW_CLOCK`: `system` (default) or `manual`, which enables `POST /api/clock/advance`. */
  clock: 'system' | 'manual';
  /** `CASEFLOW_CLOCK_START`: ISO time a manual clock starts at (default: now). */
  clockStart?: number;
  /** `CASEFLOW_LOG_LEVEL` (info). */
  logLevel: LogLevel;
  /** `CASEFLOW_BODY_LIMIT`: largest request body, bytes or `512kb`/`1mb` (1mb). */
  bodyLimit: number;
  /** `CASEFLOW_YAML_LIMIT`: largest process YAML plus its template files (256kb). */
  yamlLimit: number;
  /** `CASEFLOW_SECURE_COOKIES`: `auto` (Secure when the request came over https), `true` or `false`. */
  secureCookies: 'auto' | 'always' | 'never';
  /** `CASEFLOW_TRUST_PROXY`: believe `X-Forwarded-For` / `X-Forwarded-Proto` (false). */
  trustProxy: boolean;
  /** `CASEFLOW_SESSION_TTL`: how long a login lasts (12h). */
  sessionTtlMs: number;
  /** `CASEFLOW_LOGIN_MAX_FAILURES` (5) wrong passwords per username and address within `CASEFLOW_LOGIN_WINDOW` (15m). */
  loginMaxFailures: number;
  loginWindowMs: number;
  /** `CASEFLOW_PASSWORD_MIN_LENGTH`: shortest password accepted (12). */
  passwordMinLength: number;
  /** `CASEFLOW_TOKEN_TTL`: how long an API token lasts unless its issuer says otherwise (90d). */
  tokenTtlMs: number;
  /** `CASEFLOW_UI_DIR`: the built admin UI (admin-ui/dist), served when present. */
  uiDir: string;
  /** `CASEFLOW_PROCESSES_DIR`: the shipped processes published at start (processes). */
  processesDir: string;
  /** `CASEFLOW_SIMULATION_TIMEOUT`: longest one `POST /api/simulate` may run before it is stopped (5s). */
  simulationTimeoutMs: number;
  /** `CASEFLOW_SEAL_KEY`: the key that seals checkpoints (64+ hex digits, or 32+ characters); else read from `sealKeyFile`. */
  sealKey?: string;
  /** `CASEFLOW_SEAL_KEY_FILE`: where the seal key is kept, created (mode 0600) when missing (`<database file>.seal-key`; on PostgreSQL `./data/caseflow.seal-key`). */
  sealKeyFile: string;
  /** `CASEFLOW_CHECKPOINT_INTERVAL`: how often the server writes a sealed checkpoint (10m; `off` for never). */
  checkpointIntervalMs: number;
  /** `CASEFLOW_CHECKPOINT_WITNESS`: outbox channel (e.g. `webhook`) each new checkpoint's seal is sent through, to be kept outside. */
  checkpointWitness?: string;
  /** `CASEFLOW_NODE_ID`: this server's name among those sharing a PostgreSQL database (default: host, process id and a random suffix). */
  nodeId?: string;
  /** `CASEFLOW_LEASE`: how long another server waits for this one's timers and messages after it stops (30s; PostgreSQL). */
  leaseMs: number;
  /** `CASEFLOW_SQLITE_WRITER`: `thread` writes case commits on a writer thread, `loop` (default) on the event loop (SQLite). */
  sqliteWriter: 'thread' | 'loop';
}

/** A configuration value that cannot be used. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const SIZE = /^(\d+)\s*(b|kb|k|mb|m)?$/i;
const SIZE_FACTOR: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 * 1024, mb: 1024 * 1024 };

/** Parses `1048576`, `512kb` or `1mb` into bytes. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * SIZE_FACTOR[(match[2] ?? 'b').toLowerCase()];
}

type Env = Record<string, string | undefined>;

function read<T>(env: Env, name: string, fallback: T, parse: (text: string) => T | undefined, expected: string): T {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = parse(text);
  if (value === undefined) throw new ConfigError(`${name}=${JSON.stringify(text)} is not ${expected}`);
  return value;
}

const integer = (min: number, max: number) => (text: string): number | undefined => {
  const value = Number(text);
  return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
};
const oneOf = <T extends string>(values: readonly T[]) => (text: string): T | undefined =>
  values.find((value) => value === text.trim().toLowerCase());
const duration = (text: string): number | undefined => {
  const parsed = parseDuration(text);
  return parsed && !parsed.business && parsed.ms > 0 ? parsed.ms : undefined;
};
const BOOLEANS: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };
const boolean = (text: string): boolean | undefined => BOOLEANS[text.trim().toLowerCase()];
const interval = (text: string): number | undefined => (['off', '0', 'never'].includes(text.trim().toLowerCase()) ? 0 : duration(text));
const isoTime = (text: string): number | undefined => {
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
};
const COOKIE_MODES: Record<string, ServerConfig['secureCookies']> = { auto: 'auto', true: 'always', always: 'always', false: 'never', never: 'never' };
const cookieMode = (text: string): ServerConfig['secureCookies'] | undefined => COOKIE_MODES[text.trim().toLowerCase()];

/** Reads the configuration from `env` (defaults for everything absent); throws ConfigError on a bad value. */
export function loadConfig(env: Env = process.env): ServerConfig {
  const db = env.CASEFLOW_DB?.trim() || './data/caseflow.db';
  const databaseUrl = isPostgresUrl(db) ? db : undefined;
  const dbFile = databaseUrl === undefined ? db : './data/caseflow.db';
  return {
    port: read(env, 'PORT', 3000, integer(0, 65535), 'a port number'),
    host: env.HOST?.trim() || '127.0.0.1',
    dbFile,
    databaseUrl,
    adminPassword: env.CASEFLOW_ADMIN_PASSWORD || undefined,
    clock: read(env, 'CASEFLOW_CLOCK', 'system', oneOf(['system', 'manual'] as const), '"system" or "manual"'),
    clockStart: read<number | undefined>(env, 'CASEFLOW_CLOCK_START', undefined, isoTime, 'an ISO date-time'),
    logLevel: read(env, 'CASEFLOW_LOG_LEVEL', 'info', oneOf(['debug', 'info', 'warn', 'error', 'silent'] as const), 'a log level'),
    bodyLimit: read(env, 'CASEFLOW_BODY_LIMIT', 1024 * 1024, parseSize, 'a size such as 1mb'),
    yamlLimit: read(env, 'CASEFLOW_YAML_LIMIT', 256 * 1024, parseSize, 'a size such as 256kb'),
    secureCookies: read(env, 'CASEFLOW_SECURE_COOKIES', 'auto', cookieMode, '"auto", "true" or "false"'),
    trustProxy: read(env, 'CASEFLOW_TRUST_PROXY', false, boolean, 'true or false'),
    sessionTtlMs: read(env, 'CASEFLOW_SESSION_TTL', 12 * 3_600_000, duration, 'a duration such as 12h'),
    loginMaxFailures: read(env, 'CASEFLOW_LOGIN_MAX_FAILURES', 5, integer(1, 1000), 'a whole number'),
    loginWindowMs: read(env, 'CASEFLOW_LOGIN_WINDOW', 15 * 60_000, duration, 'a duration such as 15m'),
    passwordMinLength: read(env, 'CASEFLOW_PASSWORD_MIN_LENGTH', DEFAULT_MIN_PASSWORD_LENGTH, integer(8, 128), 'a whole number from 8 to 128'),
    tokenTtlMs: read(env, 'CASEFLOW_TOKEN_TTL', DEFAULT_TOKEN_TTL_MS, duration, 'a duration such as 90d'),
    uiDir: env.CASEFLOW_UI_DIR?.trim() || 'admin-ui/dist',
    processesDir: env.CASEFLOW_PROCESSES_DIR?.trim() || 'processes',
    simulationTimeoutMs: read(env, 'CASEFLOW_SIMULATION_TIMEOUT', 5_000, duration, 'a duration such as 5s'),
    sealKey: env.CASEFLOW_SEAL_KEY || undefined,
    sealKeyFile: env.CASEFLOW_SEAL_KEY_FILE?.trim() || (databaseUrl === undefined ? `${dbFile}.seal-key` : './data/caseflow.seal-key'),
    checkpointIntervalMs: read(env, 'CASEFLOW_CHECKPOINT_INTERVAL', 10 * 60_000, interval, 'a duration such as 10m, or off'),
    checkpointWitness: env.CASEFLOW_CHECKPOINT_WITNESS?.trim() || undefined,
    nodeId: env.CASEFLOW_NODE_ID?.trim() || undefined,
    leaseMs: read(env, 'CASEFLOW_LEASE', 30_000, duration, 'a duration such as 30s'),
    sqliteWriter: read(env, 'CASEFLOW_SQLITE_WRITER', 'loop', oneOf(['thread', 'loop'] as const), '"thread" or "loop"'),
  };
}

/** The database `CASEFLOW_DB` names, as `openStore` takes it: the PostgreSQL URL, else the SQLite file. */
export function configuredDatabase(config: Pick<ServerConfig, 'dbFile' | 'databaseUrl'>): string {
  return config.databaseUrl ?? config.dbFile;
}

/** The configured database for messages and logs: the file as `showFile` shows it, or the URL with its password hidden. */
export function shownDatabase(config: Pick<ServerConfig, 'dbFile' | 'databaseUrl'>, showFile: (file: string) => string): string {
  if (config.databaseUrl === undefined) return showFile(config.dbFile);
  try {
    const url = new URL(config.databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}
