/**
 * Drafts of new process versions awaiting a second process owner's approval (four-eyes
 * publishing): the source, its author, and the review once it is given.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One draft of a process version. */
export const processDrafts = sqliteTable(
  'process_drafts',
  {
    id: text('id').primaryKey(),
    processId: text('process_id').notNull(),
    name: text('name').notNull(),
    yaml: text('yaml').notNull(),
    files: text('files', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    message: text('message'),
    baseVersion: integer('base_version'),
    author: text('author').notNull(),
    createdAt: integer('created_at').notNull(),
    /** pending, approved or returned. */
    status: text('status').notNull(),
    reviewer: text('reviewer'),
    reviewedAt: integer('reviewed_at'),
    comment: text('comment'),
    /** The version it became, once approved. */
    version: integer('version'),
  },
  (t) => [index('process_drafts_by_process').on(t.processId, t.createdAt)],
);
