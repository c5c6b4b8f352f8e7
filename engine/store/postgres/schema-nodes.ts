/**
 * The servers sharing a PostgreSQL database (PostgreSQL only: a SQLite file has one server).
 * Each running server keeps its row's heartbeat fresh and, with it, the leases it holds on
 * timers and outbox rows; a server that stops beating loses them when they expire.
 */
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { epochMs, text } from './columns.js';

/** One server: its node id, where it runs, and its last heartbeat (database time). */
export const nodes = pgTable('nodes', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: epochMs('started_at').notNull(),
  heartbeatAt: epochMs('heartbeat_at').notNull(),
});
