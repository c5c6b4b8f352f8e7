/**
 * The latest rows of the cases this connection wrote recently, so the next event of a hot case
 * does not read its row back from SQLite. Every write of this connection goes through the group
 * commit, which replaces an entry after its durable commit. A commit by any other connection
 * (another process, a tool) changes SQLite's `data_version`, and then the whole cache is dropped
 * before the next read; rows of a batch are only kept if no other connection committed between
 * the batch's BEGIN and the moment after its COMMIT.
 *
 * With a writer thread, the thread's commits move this connection's `data_version` too, so the
 * thread does the looking: each answer says whether another connection committed since its
 * previous look (it looks at each BEGIN, and once more after a batch when no other follows).
 * While one of its batches is being written, this connection's look is skipped (the thread's
 * answer covers that time); otherwise it is made once per turn as above. The thread is told
 * after each write of this connection (which it would take for another's), so a commit by
 * another process in the instant between such a write and that message may be seen late; a
 * commit computed from such a row is refused as stale, and the row is dropped then.
 */
import type { Database } from 'better-sqlite3';
import type { CaseRow } from './sql/rows.js';

/** A bounded, least-recently-used map of case rows, valid only while no other connection wrote. */
export interface CaseCache {
  /** The cached row, if any and still current. */
  get(id: string): CaseRow | undefined;
  /** Called right after a write batch's BEGIN IMMEDIATE (the write lock is held from here). */
  began(): void;
  /** Called right after the batch's COMMIT, before its rows are offered with `set`. */
  committed(): void;
  /** Remembers a row the last committed batch wrote. */
  set(row: CaseRow): void;
  /** Called when the writer thread answers, before its rows are offered with `set`: `foreign` if another connection committed. */
  writerAnswered(foreign: boolean): void;
  /** Forgets one case (a commit for it was refused as stale). */
  forget(id: string): void;
}

/**
 * Creates the cache of a connection, holding at most `capacity` rows; `writing` tells whether a
 * batch of the writer thread is being written.
 */
export function createCaseCache(sqlite: Database, capacity: number, writing: () => boolean = () => false): CaseCache {
  const statement = sqlite.prepare<[], number>('PRAGMA data_version').pluck();
  const dataVersion = { get: (): number => statement.get() ?? -1 };
  let seenVersion = dataVersion.get();
  let versionAtBegin = seenVersion;
  let keepBatch = false;
  const rows = new Map<string, CaseRow>();

  // Asking SQLite costs about as much as a short read, so it is asked once per turn of the event
  // loop: another process's commit that lands during a turn is seen from the next turn on, as if
  // every read of the turn had happened just before it (the revision check still refuses a write
  // computed from such a read).
  let checkedThisTurn = false;
  const nextTurn = () => {
    checkedThisTurn = false;
  };

  /** Drops everything if another connection committed since the last look. */
  const current = (): boolean => {
    if (checkedThisTurn || writing()) return true;
    checkedThisTurn = true;
    setImmediate(nextTurn);
    const version = dataVersion.get();
    if (version === seenVersion) return true;
    seenVersion = version;
    rows.clear();
    return false;
  };

  return {
    get(id) {
      if (rows.size === 0 || !current()) return undefined;
      const row = rows.get(id);
      if (row === undefined) return undefined;
      rows.delete(id);
      rows.set(id, row);
      return row;
    },
    began() {
      versionAtBegin = dataVersion.get();
    },
    committed() {
      keepBatch = false;
      let after: number;
      try {
        after = dataVersion.get();
      } catch {
        rows.clear();
        return;
      }
      if (versionAtBegin !== seenVersion || after !== versionAtBegin) rows.clear();
      seenVersion = after;
      keepBatch = capacity > 0 && after === versionAtBegin;
    },
    writerAnswered(foreign) {
      if (foreign) rows.clear();
      try {
        seenVersion = dataVersion.get();
      } catch {
        rows.clear();
        keepBatch = false;
        return;
      }
      keepBatch = capacity > 0;
    },
    forget(id) {
      rows.delete(id);
    },
    set(row) {
      if (!keepBatch) return;
      rows.delete(row.id);
      rows.set(row.id, row);
      if (rows.size > capacity) {
        const oldest = rows.keys().next();
        if (!oldest.done) rows.delete(oldest.value);
      }
    },
  };
}
