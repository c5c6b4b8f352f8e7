/**
 * A throw-away PostgreSQL cluster for tests: `initdb` into a temporary folder, `pg_ctl start` on a
 * free loopback port with its socket in that folder, databases made on demand, and everything
 * stopped and removed at the end. As root the server runs as the `postgres` account (PostgreSQL
 * refuses to run as root). Where no server binaries are installed the suites that need one are
 * skipped with a printed reason; under CI a missing PostgreSQL is a failure instead.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian installs the server binaries, one folder per major version. */
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The folder holding `initdb`, `pg_ctl` and `postgres`: `PG_BIN`, else the newest Debian version; undefined when none. */
export function findPgBin(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(join(fromEnv, 'initdb')) ? fromEnv : undefined;
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((name) => existsSync(join(DEBIAN_ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? undefined : join(DEBIAN_ROOT, versions[0], 'bin');
}

/**
 * Whether PostgreSQL tests can run here. Prints why not when they cannot; throws under CI,
 * where a missing PostgreSQL means the machine was not set up (see .ci/run).
 */
export function postgresAvailable(): boolean {
  if (findPgBin() !== undefined) return true;
  const reason = `PostgreSQL server binaries not found (no ${DEBIAN_ROOT}/*/bin/initdb and no PG_BIN)`;
  if (process.env.CI) throw new Error(`${reason}: CI must install Debian's postgresql package`);
  console.warn(`Skipping the PostgreSQL tests: ${reason}. Install Debian's postgresql package to run them.`);
  return false;
}

/** Empties every table of a database's public schema, if it has any (identities restart), for the next test. */
export async function emptyDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public') THEN
        EXECUTE (SELECT 'TRUNCATE ' || string_agg(format('%I', tablename), ', ') || ' RESTART IDENTITY'
                 FROM pg_tables WHERE schemaname = 'public');
      END IF;
    END $$`);
  } finally {
    await client.end();
  }
}

/** A running throw-away cluster. */
export interface PgCluster {
  /** Milliseconds from `initdb` to a server accepting connections. */
  readonly startMs: number;
  /** Creates an empty database and returns its `postgres://` URL. */
  createDatabase(name?: string): Promise<string>;
  /** The URL of a database of this cluster. */
  url(database: string): string;
  /**
   * Restarts the server as an operator would (`pg_ctl stop -m fast`, which ends every session, then
   * `start`), down for at least `downMs`; the cluster's data, port and settings stay.
   */
  restart(downMs?: number): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a server binary, as the `postgres` account when we are root. */
function runPg(bin: string, tool: string, args: string[]): void {
  const command = join(bin, tool);
  if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

/** A TCP port free on the loopback interface now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let databases = 0;

/** Options of `startPgCluster`. */
export interface PgClusterOptions {
  /**
   * PostgreSQL's durable defaults (fsync, full page writes, default shared buffers), as a
   * benchmark needs; by default fsync is off, since a test cluster never has to survive a power loss.
   */
  durable?: boolean;
}

/**
 * Starts a fresh cluster: trust authentication on 127.0.0.1 only, and fsync off unless `durable`
 * (sessions commit with synchronous_commit on either way).
 */
export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (bin === undefined) throw new Error('PostgreSQL server binaries are not installed');
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-pg-'));
  if (isRoot()) {
    const ids = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const user = 'caseflow';
  runPg(bin, 'initdb', ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-instructions']);
  const port = await freePort();
  const settings = options.durable ? '' : ' -c shared_buffers=32MB -c fsync=off -c full_page_writes=off';
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=200${settings}`;
  const logFile = join(dir, 'server.log');
  runPg(bin, 'pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', logFile, '-o', serverOptions]);
  const startMs = performance.now() - started;

  let running = true;
  const stopNow = () => {
    if (!running) return;
    running = false;
    try {
      runPg(bin, 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test worker that ends without afterAll still stops its server.
  process.once('exit', stopNow);

  const url = (database: string) => `postgres://${user}@127.0.0.1:${port}/${database}`;
  return {
    startMs,
    url,
    async createDatabase(name) {
      databases += 1;
      const database = name ?? `caseflow_${process.pid}_${databases}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${database}"`);
      } finally {
        await admin.end();
      }
      return url(database);
    },
    async restart(downMs = 0) {
      runPg(bin, 'pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60']);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      runPg(bin, 'pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', logFile, '-o', serverOptions]);
    },
    async stop() {
      process.off('exit', stopNow);
      stopNow();
    },
  };
}
