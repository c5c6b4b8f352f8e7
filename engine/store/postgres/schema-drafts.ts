/**
 * Drafts of new process versions awaiting a second process owner's approval (four-eyes
 * publishing), as in the SQLite schema.
 */
import { index, integer, pgTable } from 'drizzle-orm/pg-core';
import { epochMs, jsonText, text } from './columns.js';

/** One draft of a process version. */
export const processDrafts = pgTable(
  'process_drafts',
  {
    id: text('id').primaryKey(),
    processId: text('process_id').notNull(),
    name: text('name').notNull(),
    yaml: text('yaml').notNull(),
    files: jsonText<Record<string, string>>('files').notNull(),
    message: text('message'),
    baseVersion: integer('base_version'),
    author: text('author').notNull(),
    createdAt: epochMs('created_at').notNull(),
    /** pending, approved or returned. */
    status: text('status').notNull(),
    reviewer: text('reviewer'),
    reviewedAt: epochMs('reviewed_at'),
    comment: text('comment'),
    /** The version it became, once approved. */
    version: integer('version'),
  },
  (t) => [index('process_drafts_by_process').on(t.processId, t.createdAt)],
);
