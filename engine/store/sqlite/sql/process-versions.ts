/**
 * Published process versions. Versions count up from 1 per process; publishing is a write for
 * the group commit, so reading the highest version and inserting the next one are atomic.
 */
import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { ProcessVersionRecord } from '../../../runtime/store.js';
import { processVersions } from '../schema.js';

/** Process-version operations of a connection; `publish` is a write for the group commit. */
export interface ProcessVersionOperations {
  publish(record: Omit<ProcessVersionRecord, 'version'>): ProcessVersionRecord;
  latestOfEach(): ProcessVersionRecord[];
  get(processId: string, version?: number): ProcessVersionRecord | undefined;
  list(processId: string): ProcessVersionRecord[];
}

type Row = typeof processVersions.$inferSelect;

function toRecord({ message, calendars, approvedBy, ...rest }: Row): ProcessVersionRecord {
  const record: ProcessVersionRecord = message === null ? rest : { ...rest, message };
  if (approvedBy !== null) record.approvedBy = approvedBy;
  return calendars === null ? record : { ...record, calendars };
}

/** Process-version operations on a drizzle database. */
export function createProcessVersionOperations(db: BetterSQLite3Database): ProcessVersionOperations {
  return {
    publish(record) {
      const [latest] = db
        .select({ version: max(processVersions.version) })
        .from(processVersions)
        .where(eq(processVersions.processId, record.processId))
        .all();
      const row: Row = { ...record, message: record.message ?? null, calendars: record.calendars ?? null, approvedBy: record.approvedBy ?? null, version: (latest?.version ?? 0) + 1 };
      db.insert(processVersions).values(row).run();
      return toRecord(row);
    },
    latestOfEach() {
      const latest = db
        .select({ processId: processVersions.processId, version: max(processVersions.version).as('latest_version') })
        .from(processVersions)
        .groupBy(processVersions.processId)
        .as('latest');
      return db
        .select({ row: processVersions })
        .from(processVersions)
        .innerJoin(latest, and(eq(processVersions.processId, latest.processId), eq(processVersions.version, latest.version)))
        .orderBy(asc(processVersions.processId))
        .all()
        .map(({ row }) => toRecord(row));
    },
    get(processId, version) {
      const byProcess = eq(processVersions.processId, processId);
      const [row] = db
        .select()
        .from(processVersions)
        .where(version === undefined ? byProcess : and(byProcess, eq(processVersions.version, version)))
        .orderBy(desc(processVersions.version))
        .limit(1)
        .all();
      return row === undefined ? undefined : toRecord(row);
    },
    list(processId) {
      return db
        .select()
        .from(processVersions)
        .where(eq(processVersions.processId, processId))
        .orderBy(asc(processVersions.version))
        .all()
        .map(toRecord);
    },
  };
}
