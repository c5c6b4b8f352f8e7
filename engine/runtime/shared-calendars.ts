/**
 * Shared calendars as the runtime uses them: the latest published version of each (what a
 * process is published and validated against), and the versions a process version was published
 * with (what its cases run and replay on).
 */
import { parseCalendar, sharedCalendar, type CalendarLibrary, type SharedCalendar } from '../dsl/index.js';
import { CaseflowError } from '../errors.js';
import type { CalendarVersionRecord, Store } from './store.js';

/** The shared calendars of one store, read once per version. */
export interface SharedCalendars {
  /** The latest version of every published calendar, read from the store. */
  latest(): Promise<CalendarLibrary>;
  /** The latest versions as last read (for synchronous validation); empty before the first read. */
  known(): CalendarLibrary;
  /** The given versions, by name. */
  pinned(versions: Readonly<Record<string, number>>): Promise<CalendarLibrary>;
  /** Validates and publishes a new version of a calendar (`invalid-definition` with diagnostics). */
  publish(args: { yaml: string; publishedBy: string; publishedAt: number; message?: string }): Promise<CalendarVersionRecord>;
}

/** Parses a stored calendar version (it validated when it was published). */
function fromRecord(record: CalendarVersionRecord): SharedCalendar {
  const { calendar } = parseCalendar(record.yaml);
  if (!calendar) throw new CaseflowError('invalid-definition', `calendar ${record.calendarId} version ${record.version} no longer validates`);
  return sharedCalendar(calendar, record.version);
}

/** Shared calendars over a store. */
export function createSharedCalendars(store: Store): SharedCalendars {
  const parsed = new Map<string, SharedCalendar>();
  let lastLatest: CalendarLibrary = {};

  const parse = (record: CalendarVersionRecord): SharedCalendar => {
    const key = `${record.calendarId}@${record.version}`;
    let calendar = parsed.get(key);
    if (!calendar) {
      calendar = fromRecord(record);
      parsed.set(key, calendar);
    }
    return calendar;
  };

  async function latest(): Promise<CalendarLibrary> {
    const library: Record<string, SharedCalendar> = {};
    for (const record of await store.listCalendars()) library[record.calendarId] = parse(record);
    lastLatest = library;
    return library;
  }

  return {
    latest,
    known: () => lastLatest,
    async pinned(versions) {
      const library: Record<string, SharedCalendar> = {};
      for (const [name, version] of Object.entries(versions)) {
        const record = await store.getCalendar(name, version);
        if (!record) throw new CaseflowError('not-found', `calendar ${name} version ${version} is not published`);
        library[name] = parse(record);
      }
      return library;
    },
    async publish({ yaml, publishedBy, publishedAt, message }) {
      const { calendar, diagnostics } = parseCalendar(yaml);
      if (!calendar) {
        const first = diagnostics.find((d) => d.severity === 'error');
        const where = first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : '';
        throw new CaseflowError('invalid-definition', `the calendar has errors${where}`, { details: diagnostics });
      }
      const draft: Omit<CalendarVersionRecord, 'version'> = { calendarId: calendar.id, name: calendar.name, yaml, publishedBy, publishedAt };
      if (message !== undefined) draft.message = message;
      const record = await store.publishCalendar(draft);
      await latest();
      return record;
    },
  };
}
