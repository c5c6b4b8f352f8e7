/**
 * Published versions of the shared business calendars (`calendars/<id>.yaml`), kept like process
 * versions: the YAML source of each, numbered from 1 per calendar.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One published version of a shared calendar. */
export const calendarVersions = sqliteTable(
  'calendar_versions',
  {
    calendarId: text('calendar_id').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    yaml: text('yaml').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: integer('published_at').notNull(),
    message: text('message'),
  },
  (t) => [primaryKey({ columns: [t.calendarId, t.version] })],
);
