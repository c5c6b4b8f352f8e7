/**
 * The SQLite store: one better-sqlite3 connection in WAL mode, migrations applied at open,
 * prepared statements on the hot path, and every write funnelled through the group commit so
 * that many events share one fully synced transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { AuditStore } from '../../audit/types.js';
import { CaseflowError } from '../../errors.js';
import type { CaseQuery, Store } from '../../runtime/store.js';
import { createCaseCache } from './case-cache.js';
import { createGroupCommit } from './group-commit.js';
import { idempotency } from './schema.js';
import { createAdminLogOperations } from './sql/admin-log.js';
import { createCheckpointOperations } from './sql/checkpoints.js';
import { createEventReads } from './sql/events.js';
import { createOutboxOperations } from './sql/outbox.js';
import { createProcessVersionOperations } from './sql/process-versions.js';
import { createCalendarVersionOperations } from './sql/calendar-versions.js';
import { createProcessDraftOperations } from './sql/process-drafts.js';
import { createCaseQuery } from './sql/query-cases.js';
import { createTallyCounter } from './sql/tally-marks.js';
import { caseColumns, toCaseRecord, type CaseRow } from './sql/rows.js';
import { createStaffingOperations } from './sql/staffing.js';
import { createTimerReads } from './sql/timers.js';
import { checkCommit, committedRows, encodeCommit, prepareCommitStatements, writeCommit, type EncodedCommit } from './sql/write-commit.js';
import { toStoreError } from './sqlite-errors.js';
import { configureConnection } from './connection.js';
import { startWriterThread, type WriterThread } from './writer-thread.js';

/** Where drizzle-kit writes the migrations (see drizzle.config.ts). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** Database file; created (with its folder) if missing. `:memory:` for a throwaway store. */
  file: string;
  /** `FULL` (default) syncs every commit to disk; `NORMAL` may lose the last commits on power loss. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Open without writing anything: no migrations; every write fails with `read-only`. */
  readonly?: boolean;
  /** How long to wait for another process's write lock, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Most commits in one group-commit transaction (default 1000). */
  maxBatch?: number;
  /** Rows of recently written cases kept in memory for their next event (default 2048; 0 for none). */
  cachedCases?: number;
  /**
   * Write case commits on a writer thread with its own connection, so the event loop serves
   * requests while a batch is written and synced (default false; a file database only).
   */
  writerThread?: boolean;
  /** The writer thread's entry module (tests use one that fails on purpose). */
  writerEntry?: URL;
}

/** The SQLite store (cases and the administrative audit), with what other engine/store modules and diagnostics need. */
export interface SqliteStore extends Store, AuditStore {
  /** The drizzle database on the store's connection (for other engine/store modules, e.g. accounts). */
  readonly db: BetterSQLite3Database & { $client: Database.Database };
  /** SQLite's plan for a case query, one line per step (to check that the inbox stays on its indexes). */
  explainCases(query: CaseQuery): string[];
}

/** Opens (creating and migrating if needed) a SQLite store. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const readonly = options.readonly ?? false;
  const synchronous = options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL';
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (options.file !== ':memory:' && !readonly) mkdirSync(dirname(options.file), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(options.file, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
    if (!readonly) sqlite.pragma('journal_mode = WAL');
    configureConnection(sqlite, synchronous);
  } catch (error) {
    throw toStoreError(error);
  }
  const db = drizzle({ client: sqlite });
  const applyMigrations = () => {
    try {
      migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (error) {
      throw toStoreError(error);
    }
  };
  if (!readonly) applyMigrations();
  const threaded = (options.writerThread ?? false) && !readonly && options.file !== ':memory:';
  const writer = threaded ? startWriterThread({ file: options.file, synchronous, busyTimeoutMs }, { landed: landedOn(sqlite), entry: options.writerEntry }) : undefined;
  return createSqliteStore(sqlite, db, { maxBatch: options.maxBatch ?? 1000, cachedCases: options.cachedCases ?? 2048, applyMigrations, writer });
}

/** Whether a commit's event is in the database, with the hash it was sent with. */
function landedOn(sqlite: Database.Database): (change: EncodedCommit) => boolean {
  const landedEvent = sqlite.prepare<[string, number], string>('SELECT hash FROM events WHERE case_id = ? AND seq = ?').pluck();
  return (change) => landedEvent.get(change.event.caseId, change.event.seq) === change.event.hash;
}

function createSqliteStore(
  sqlite: Database.Database,
  db: BetterSQLite3Database & { $client: Database.Database },
  settings: { maxBatch: number; cachedCases: number; applyMigrations: () => void; writer?: WriterThread },
): SqliteStore {
  const cache = createCaseCache(sqlite, settings.cachedCases, () => writes.writing());
  const writes = createGroupCommit(sqlite, {
    maxBatch: settings.maxBatch,
    onBegin: () => cache.began(),
    onCommit: () => cache.committed(),
    writer: settings.writer,
    onWriterAnswer: (foreign) => cache.writerAnswered(foreign),
  });
  const commitStatements = prepareCommitStatements(sqlite);
  const getCase = sqlite.prepare<[string], CaseRow>(`SELECT ${caseColumns('c')} FROM cases AS c WHERE c.id = ?`);
  const caseQuery = createCaseQuery(sqlite);
  const countTally = createTallyCounter(sqlite);
  const eventReads = createEventReads(sqlite);
  const timerReads = createTimerReads(sqlite);
  const outbox = createOutboxOperations(sqlite, db);
  const versions = createProcessVersionOperations(db);
  const calendars = createCalendarVersionOperations(db);
  const drafts = createProcessDraftOperations(db, versions);
  const staffing = createStaffingOperations(sqlite);
  const adminLog = createAdminLogOperations(sqlite);
  const checkpoints = createCheckpointOperations(sqlite, adminLog);
  let open = true;

  /** Runs a read, turning SQLite failures into CaseflowErrors. */
  const read = async <T>(run: () => T): Promise<T> => {
    try {
      return run();
    } catch (error) {
      throw toStoreError(error);
    }
  };

  return {
    db,
    explainCases: (query) => caseQuery.explain(query),
    migrate: () => read(settings.applyMigrations),
    async close() {
      if (!open) return;
      open = false;
      writes.close();
      await writes.drain();
      await settings.writer?.close();
      sqlite.close();
    },

    publishVersion: (record) => writes.submit({ apply: () => versions.publish(record) }),
    listProcesses: () => read(() => versions.latestOfEach()),
    getVersion: (processId, version) => read(() => versions.get(processId, version)),
    listVersions: (processId) => read(() => versions.list(processId)),
    publishCalendar: (record) => writes.submit({ apply: () => calendars.publish(record) }),
    listCalendars: () => read(() => calendars.latestOfEach()),
    getCalendar: (calendarId, version) => read(() => calendars.get(calendarId, version)),
    saveDraft: (draft) => writes.submit({ apply: () => drafts.save(draft) }),
    getDraft: (id) => read(() => drafts.get(id)),
    listDrafts: (filter) => read(() => drafts.list(filter)),
    returnDraft: (id, review) => writes.submit({ apply: () => drafts.sendBack(id, review) }),
    approveDraft: (id, review, version) => writes.submit({ apply: () => drafts.approve(id, review, version) }),

    getCase: (id) =>
      read(() => {
        const row = cache.get(id) ?? getCase.get(id);
        return row === undefined ? undefined : toCaseRecord(row);
      }),
    queryCases: (query) => read(() => caseQuery.query(query)),
    countTally: (query) => read(() => countTally(query)),
    commit: (change) => {
      let encoded: EncodedCommit;
      try {
        encoded = encodeCommit(change);
      } catch (error) {
        return Promise.reject(toStoreError(error));
      }
      const committed = () => {
        for (const row of committedRows(encoded)) cache.set(row);
      };
      const check = () => {
        const prior = checkCommit(commitStatements, encoded);
        return () => writeCommit(commitStatements, encoded, prior);
      };
      return writes.submitCommit(encoded, committed, check).catch((error: unknown) => {
        // A case changed behind this connection's back is read afresh for its next event.
        if (error instanceof CaseflowError && error.code === 'stale-revision') cache.forget(encoded.case.id);
        throw error;
      });
    },
    getEvents: (caseId) => read(() => eventReads.caseEvents(caseId)),
    scanEvents: (after, limit) => read(() => eventReads.scan(after, limit)),
    verifyChains: () => eventReads.checkChains().catch((error: unknown) => {
      throw toStoreError(error);
    }),

    dueTimers: (now, limit) => read(() => timerReads.due(now, limit)),
    // One server per SQLite file: every due timer and message is this server's.
    claimDueTimers: (now, limit) => read(() => timerReads.due(now, limit)),
    pendingTimers: (caseId) => read(() => timerReads.pending(caseId)),
    nextTimerDue: () => read(() => timerReads.nextDue()),

    findIdempotency: (key) =>
      read(() => {
        const [row] = db.select().from(idempotency).where(eq(idempotency.key, key)).all();
        return row === undefined ? undefined : { requestHash: row.requestHash, response: row.response };
      }),

    workload: (args) => read(() => staffing.workload(args)),
    openCaseCounts: (userIds) => read(() => staffing.openCaseCounts(userIds)),
    listNotices: (userId, options) => read(() => staffing.listNotices(userId, options)),
    countUnreadNotices: (userId) => read(() => staffing.countUnread(userId)),
    markNoticesRead: (userId, at, ids) => writes.submit({ apply: () => staffing.markRead(userId, at, ids) }),

    dueOutbox: (now, limit) => read(() => outbox.due(now, limit)),
    claimDueOutbox: (now, limit) => read(() => outbox.due(now, limit)),
    listOutbox: (filter) => read(() => outbox.list(filter)),
    updateOutbox: (id, change) => writes.submit({ check: () => outbox.mustExist(id), apply: () => outbox.update(id, change) }),

    appendAdminEntry: (make) => writes.submit({ apply: () => adminLog.append(make) }),
    queryAdminLog: (filter) => read(() => adminLog.query(filter)),
    scanAdminLog: (afterSeq, limit) => read(() => adminLog.scan(afterSeq, limit)),
    writeCheckpoint: (make) => writes.submit({ apply: () => checkpoints.write(make) }),
    scanCheckpoints: (afterSeq, limit) => read(() => checkpoints.scan(afterSeq, limit)),
    checkpointHeads: (checkpoint) => read(() => checkpoints.heads(checkpoint)),
    scanCheckedHeads: (after, limit) => read(() => checkpoints.checkedHeads(after, limit)),
  };
}
