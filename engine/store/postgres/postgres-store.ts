/**
 * The PostgreSQL store: a node-postgres pool, migrations applied at open under an advisory lock,
 * and every write funnelled through the group commit, so many events share one durable
 * transaction (synchronous_commit on) and none is acknowledged before its COMMIT.
 */
import type pg from 'pg';
import type { CaseCommit } from '../../runtime/store.js';
import type { CaseStore } from '../opened-store.js';
import type { PriorCaseRow } from '../sqlite/sql/rows.js';
import { createPostgresAudit } from './audit.js';
import { queryCases } from './case-query.js';
import { createCaseReads } from './case-reads.js';
import { checkChains } from './chain-check.js';
import * as drafts from './drafts.js';
import { createPgGroupCommit } from './group-commit.js';
import type { NodeOptions } from '../node-options.js';
import { createNodeLeases, type NodeLeases } from './leases.js';
import { applyMigrations } from './migrate.js';
import { toStoreError } from './pg-errors.js';
import { createPool } from './pool.js';
import * as reads from './reads.js';
import { countTally } from './tally-marks.js';
import { checkCommit, writeCommit } from './write-commit.js';

/** Options of `openPostgresStore`. */
export interface PostgresStoreOptions {
  /** A `postgres://` URL of the database. */
  url: string;
  /** Most pool connections (default 10). */
  maxConnections?: number;
  /** Most commits in one group-commit transaction (default 1000). */
  maxBatch?: number;
  /** This server among those sharing the database: its node id and lease length. */
  node?: NodeOptions;
}

/** The PostgreSQL store (cases and the administrative audit), with its pool for other engine/store/postgres modules (accounts). */
export interface PostgresStore extends CaseStore {
  readonly pool: pg.Pool;
  /** This server's node id and its leases on timers and outbox rows. */
  readonly leases: NodeLeases;
  /** Renews this server's lease on a claimed outbox row right before it is sent; false: not this server's to send. */
  holdOutbox(id: number): Promise<boolean>;
}

/** Opens a PostgreSQL store, applying pending migrations first. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = createPool({ url: options.url, max: options.maxConnections });
  try {
    await applyMigrations(pool);
  } catch (error) {
    await pool.end();
    throw toStoreError(error);
  }
  return createPostgresStore(pool, options.maxBatch ?? 1000, createNodeLeases(pool, options.node));
}

/** What a commit reads and changes: its case and children, and its idempotency key. */
function commitKeys(change: CaseCommit, keys: string[] = []): string[] {
  keys.push(`case:${change.case.id}`);
  if (change.idempotency) keys.push(`key:${change.idempotency.key}`);
  for (const child of change.children) commitKeys(child, keys);
  return keys;
}

function createPostgresStore(pool: pg.Pool, maxBatch: number, leases: NodeLeases): PostgresStore {
  const writes = createPgGroupCommit(pool, { maxBatch });
  const readCase = createCaseReads(pool);
  let open = true;

  /** Runs a read, turning PostgreSQL failures into CaseflowErrors. */
  const read = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toStoreError(error);
    }
  };

  return {
    pool,
    leases,
    migrate: () => read(() => applyMigrations(pool)),
    async close() {
      if (!open) return;
      open = false;
      await writes.close();
      // Given back after the last writes, so no timer this server still fires is taken meanwhile.
      await leases.close().catch(() => undefined);
      await pool.end();
    },

    publishVersion: (record) => writes.submit({ apply: (client) => reads.publishVersion(client, record) }),
    listProcesses: () => read(() => reads.latestVersions(pool)),
    getVersion: (processId, version) => read(() => reads.getVersion(pool, processId, version)),
    listVersions: (processId) => read(() => reads.listVersions(pool, processId)),
    publishCalendar: (record) => writes.submit({ apply: (client) => reads.publishCalendar(client, record) }),
    listCalendars: () => read(() => reads.latestCalendars(pool)),
    getCalendar: (calendarId, version) => read(() => reads.getCalendar(pool, calendarId, version)),
    saveDraft: (draft) => writes.submit({ apply: (client) => drafts.saveDraft(client, draft) }),
    getDraft: (id) => read(() => drafts.getDraft(pool, id)),
    listDrafts: (filter) => read(() => drafts.listDrafts(pool, filter)),
    returnDraft: (id, review) => writes.submit({ apply: (client) => drafts.returnDraft(client, id, review) }),
    approveDraft: (id, review, version) => writes.submit({ apply: (client) => drafts.approveDraft(client, id, review, version) }),

    getCase: (id) => read(() => readCase(id)),
    queryCases: (query) => read(() => queryCases(pool, query)),
    countTally: (query) => read(() => countTally(pool, query)),
    commit: (change) => {
      let prior: PriorCaseRow | undefined;
      return writes.submit({
        keys: commitKeys(change),
        check: async (client) => {
          prior = await checkCommit(client, change);
        },
        apply: async (client) => {
          await writeCommit(client, change, prior);
        },
      });
    },
    getEvents: (caseId) => read(() => reads.caseEvents(pool, caseId)),
    scanEvents: (after, limit) => read(() => reads.scanEvents(pool, after, limit)),
    verifyChains: () => read(() => checkChains(pool)),

    dueTimers: (now, limit) => read(() => reads.dueTimers(pool, now, limit)),
    claimDueTimers: (now, limit) => read(() => leases.claimTimers(now, limit)),
    pendingTimers: (caseId) => read(() => reads.pendingTimers(pool, caseId)),
    nextTimerDue: () => read(() => reads.nextTimerDue(pool)),

    findIdempotency: (key) =>
      read(async () => {
        const result = await pool.query<{ request_hash: string; response: string }>(
          'SELECT request_hash, response FROM idempotency WHERE key = $1', [key],
        );
        const row = result.rows[0];
        return row === undefined ? undefined : { requestHash: row.request_hash, response: JSON.parse(row.response) };
      }),

    workload: (args) => read(() => reads.workload(pool, args)),
    openCaseCounts: (userIds) => read(() => reads.openCaseCounts(pool, userIds)),
    listNotices: (userId, options) => read(() => reads.listNotices(pool, userId, options)),
    countUnreadNotices: (userId) => read(() => reads.countUnreadNotices(pool, userId)),
    markNoticesRead: (userId, at, ids) => writes.submit({ apply: (client) => reads.markNoticesRead(client, userId, at, ids) }),

    dueOutbox: (now, limit) => read(() => reads.dueOutbox(pool, now, limit)),
    claimDueOutbox: (now, limit) => read(() => leases.claimOutbox(now, limit)),
    holdOutbox: (id) => read(() => leases.holdOutbox(id)),
    listOutbox: (filter) => read(() => reads.listOutbox(pool, filter)),
    updateOutbox: (id, change) =>
      writes.submit({ check: (client) => reads.outboxMustExist(client, id), apply: (client) => reads.updateOutbox(client, id, change, leases.nodeId) }),

    ...createPostgresAudit(pool, writes),
  };
}
