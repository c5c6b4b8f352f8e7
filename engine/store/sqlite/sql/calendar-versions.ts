/**
 * Published versions of shared calendars. Versions count up from 1 per calendar; publishing is a
 * write for the group commit, so reading the highest version and inserting the next are atomic.
 */
import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { CalendarVersionRecord } from '../../../runtime/store.js';
import { calendarVersions } from '../schema-calendars.js';

/** Calendar-version operations of a connection; `publish` is a write for the group commit. */
export interface CalendarVersionOperations {
  publish(record: Omit<CalendarVersionRecord, 'version'>): CalendarVersionRecord;
  latestOfEach(): CalendarVersionRecord[];
  get(calendarId: string, version?: number): CalendarVersionRecord | undefined;
}

type Row = typeof calendarVersions.$inferSelect;

function toRecord({ message, ...rest }: Row): CalendarVersionRecord {
  return message === null ? rest : { ...rest, message };
}

/** Calendar-version operations on a drizzle database. */
export function createCalendarVersionOperations(db: BetterSQLite3Database): CalendarVersionOperations {
  return {
    publish(record) {
      const [latest] = db
        .select({ version: max(calendarVersions.version) })
        .from(calendarVersions)
        .where(eq(calendarVersions.calendarId, record.calendarId))
        .all();
      const row: Row = { ...record, message: record.message ?? null, version: (latest?.version ?? 0) + 1 };
      db.insert(calendarVersions).values(row).run();
      return toRecord(row);
    },
    latestOfEach() {
      const latest = db
        .select({ calendarId: calendarVersions.calendarId, version: max(calendarVersions.version).as('latest_version') })
        .from(calendarVersions)
        .groupBy(calendarVersions.calendarId)
        .as('latest');
      return db
        .select({ row: calendarVersions })
        .from(calendarVersions)
        .innerJoin(latest, and(eq(calendarVersions.calendarId, latest.calendarId), eq(calendarVersions.version, latest.version)))
        .orderBy(asc(calendarVersions.calendarId))
        .all()
        .map(({ row }) => toRecord(row));
    },
    get(calendarId, version) {
      const byCalendar = eq(calendarVersions.calendarId, calendarId);
      const [row] = db
        .select()
        .from(calendarVersions)
        .where(version === undefined ? byCalendar : and(byCalendar, eq(calendarVersions.version, version)))
        .orderBy(desc(calendarVersions.version))
        .limit(1)
        .all();
      return row === undefined ? undefined : toRecord(row);
    },
  };
}
