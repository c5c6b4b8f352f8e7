/**
 * Drafts of process versions awaiting approval. Sending back and approving are writes for the
 * group commit that change a draft only while it is pending; approving publishes the version in
 * the same transaction.
 */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { DraftReview, DraftStatus, ProcessDraftRecord, ProcessVersionRecord } from '../../../runtime/store.js';
import { processDrafts } from '../schema-drafts.js';
import type { ProcessVersionOperations } from './process-versions.js';

/** Draft operations of a connection. */
export interface ProcessDraftOperations {
  save(draft: Omit<ProcessDraftRecord, 'status' | 'reviewer' | 'reviewedAt' | 'comment' | 'version'>): ProcessDraftRecord;
  get(id: string): ProcessDraftRecord | undefined;
  list(filter: { processId?: string; status?: DraftStatus }): ProcessDraftRecord[];
  sendBack(id: string, review: DraftReview): ProcessDraftRecord | undefined;
  approve(id: string, review: DraftReview, version: Omit<ProcessVersionRecord, 'version'>): { draft: ProcessDraftRecord; version: ProcessVersionRecord } | undefined;
}

type Row = typeof processDrafts.$inferSelect;

const STATUSES: readonly DraftStatus[] = ['pending', 'approved', 'returned'];

function toRecord(row: Row): ProcessDraftRecord {
  const status = STATUSES.find((s) => s === row.status) ?? 'pending';
  const record: ProcessDraftRecord = {
    id: row.id, processId: row.processId, name: row.name, yaml: row.yaml, files: row.files, author: row.author, createdAt: row.createdAt, status,
  };
  if (row.message !== null) record.message = row.message;
  if (row.baseVersion !== null) record.baseVersion = row.baseVersion;
  if (row.reviewer !== null) record.reviewer = row.reviewer;
  if (row.reviewedAt !== null) record.reviewedAt = row.reviewedAt;
  if (row.comment !== null) record.comment = row.comment;
  if (row.version !== null) record.version = row.version;
  return record;
}

/** Draft operations on a drizzle database; `versions` publishes an approved draft. */
export function createProcessDraftOperations(db: BetterSQLite3Database, versions: ProcessVersionOperations): ProcessDraftOperations {
  const get = (id: string) => {
    const [row] = db.select().from(processDrafts).where(eq(processDrafts.id, id)).all();
    return row === undefined ? undefined : toRecord(row);
  };
  /** Sets the review on a pending draft; false when it is not pending. */
  const review = (id: string, status: DraftStatus, { by, at, comment }: DraftReview, version?: number): boolean => {
    const changed = db.update(processDrafts)
      .set({ status, reviewer: by, reviewedAt: at, comment: comment ?? null, version: version ?? null })
      .where(and(eq(processDrafts.id, id), eq(processDrafts.status, 'pending')))
      .run();
    return changed.changes > 0;
  };
  return {
    save(draft) {
      const row: Row = {
        ...draft, message: draft.message ?? null, baseVersion: draft.baseVersion ?? null, status: 'pending',
        reviewer: null, reviewedAt: null, comment: null, version: null,
      };
      db.insert(processDrafts).values(row).run();
      return toRecord(row);
    },
    get,
    list({ processId, status }) {
      const where: SQL[] = [];
      if (processId !== undefined) where.push(eq(processDrafts.processId, processId));
      if (status !== undefined) where.push(eq(processDrafts.status, status));
      return db.select().from(processDrafts).where(and(...where)).orderBy(desc(processDrafts.createdAt), desc(processDrafts.id)).all().map(toRecord);
    },
    sendBack(id, given) {
      return review(id, 'returned', given) ? get(id) : undefined;
    },
    approve(id, given, record) {
      if (get(id)?.status !== 'pending') return undefined;
      const version = versions.publish(record);
      review(id, 'approved', given, version.version);
      const draft = get(id);
      return draft === undefined ? undefined : { draft, version };
    },
  };
}
