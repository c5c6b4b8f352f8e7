/**
 * The drizzle schema of the administrative audit on PostgreSQL, mirroring
 * `engine/store/sqlite/schema-audit.ts`: the hash-chained admin log and the sealed checkpoints.
 */
import { index, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { epochMs, text } from './columns.js';

/** One row per administrative action, chained by hash; never updated or deleted. */
export const adminLog = pgTable(
  'admin_log',
  {
    seq: integer('seq').primaryKey(),
    at: epochMs('at').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    details: text('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('admin_log_action_idx').on(t.action, t.seq), index('admin_log_actor_idx').on(t.actorName, t.seq), index('admin_log_at_idx').on(t.at)],
);

/** Sealed checkpoints, chained by hash. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  seq: integer('seq').primaryKey(),
  at: epochMs('at').notNull(),
  eventsMark: epochMs('events_mark').notNull(),
  caseCount: integer('case_count').notNull(),
  headsDigest: text('heads_digest').notNull(),
  adminSeq: integer('admin_seq').notNull(),
  adminHash: text('admin_hash').notNull(),
  keyId: text('key_id').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  seal: text('seal').notNull(),
});

/** The case heads a checkpoint lists; their digest is in the sealed checkpoint row. */
export const checkpointHeads = pgTable(
  'checkpoint_heads',
  {
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    hash: text('hash').notNull(),
    checkpoint: integer('checkpoint').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq] }), index('checkpoint_heads_checkpoint_idx').on(t.checkpoint, t.caseId)],
);
