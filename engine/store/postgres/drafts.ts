/**
 * Drafts of process versions awaiting approval, on PostgreSQL as on SQLite: sending back and
 * approving change a draft only while it is pending, and approving publishes the version on the
 * same connection, in the batch's transaction.
 */
import type pg from 'pg';
import type { DraftReview, DraftStatus, ProcessDraftRecord, ProcessVersionRecord } from '../../runtime/store.js';
import { publishVersion } from './reads.js';

type Client = pg.Pool | pg.PoolClient;

interface DraftRow {
  id: string;
  process_id: string;
  name: string;
  yaml: string;
  files: string;
  message: string | null;
  base_version: number | null;
  author: string;
  created_at: string | number;
  status: string;
  reviewer: string | null;
  reviewed_at: string | number | null;
  comment: string | null;
  version: number | null;
}

const COLUMNS = 'id, process_id, name, yaml, files, message, base_version, author, created_at, status, reviewer, reviewed_at, comment, version';
const STATUSES: readonly DraftStatus[] = ['pending', 'approved', 'returned'];

function toDraft(row: DraftRow): ProcessDraftRecord {
  const record: ProcessDraftRecord = {
    id: row.id, processId: row.process_id, name: row.name, yaml: row.yaml, files: JSON.parse(row.files), author: row.author,
    createdAt: Number(row.created_at), status: STATUSES.find((s) => s === row.status) ?? 'pending',
  };
  if (row.message !== null) record.message = row.message;
  if (row.base_version !== null) record.baseVersion = row.base_version;
  if (row.reviewer !== null) record.reviewer = row.reviewer;
  if (row.reviewed_at !== null) record.reviewedAt = Number(row.reviewed_at);
  if (row.comment !== null) record.comment = row.comment;
  if (row.version !== null) record.version = row.version;
  return record;
}

/** Saves a new pending draft. */
export async function saveDraft(client: Client, draft: Omit<ProcessDraftRecord, 'status' | 'reviewer' | 'reviewedAt' | 'comment' | 'version'>): Promise<ProcessDraftRecord> {
  const result = await client.query<DraftRow>(
    `INSERT INTO process_drafts (id, process_id, name, yaml, files, message, base_version, author, created_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') RETURNING ${COLUMNS}`,
    [draft.id, draft.processId, draft.name, draft.yaml, JSON.stringify(draft.files), draft.message ?? null, draft.baseVersion ?? null, draft.author, draft.createdAt],
  );
  return toDraft(result.rows[0]);
}

/** One draft. */
export async function getDraft(client: Client, id: string): Promise<ProcessDraftRecord | undefined> {
  const result = await client.query<DraftRow>(`SELECT ${COLUMNS} FROM process_drafts WHERE id = $1`, [id]);
  return result.rows.length === 0 ? undefined : toDraft(result.rows[0]);
}

/** Drafts newest first, of one process and one status when given. */
export async function listDrafts(client: Client, filter: { processId?: string; status?: DraftStatus }): Promise<ProcessDraftRecord[]> {
  const result = await client.query<DraftRow>(
    `SELECT ${COLUMNS} FROM process_drafts WHERE ($1::text IS NULL OR process_id = $1) AND ($2::text IS NULL OR status = $2)
     ORDER BY created_at DESC, id DESC`,
    [filter.processId ?? null, filter.status ?? null],
  );
  return result.rows.map(toDraft);
}

async function review(client: Client, id: string, status: DraftStatus, given: DraftReview, version?: number): Promise<ProcessDraftRecord | undefined> {
  const result = await client.query<DraftRow>(
    `UPDATE process_drafts SET status = $2, reviewer = $3, reviewed_at = $4, comment = $5, version = $6
     WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
    [id, status, given.by, given.at, given.comment ?? null, version ?? null],
  );
  return result.rows.length === 0 ? undefined : toDraft(result.rows[0]);
}

/** Sends a pending draft back; undefined when it is not pending. */
export function returnDraft(client: Client, id: string, given: DraftReview): Promise<ProcessDraftRecord | undefined> {
  return review(client, id, 'returned', given);
}

/** Publishes a pending draft as the next version and marks it approved; undefined when it is not pending. */
export async function approveDraft(
  client: Client, id: string, given: DraftReview, record: Omit<ProcessVersionRecord, 'version'>,
): Promise<{ draft: ProcessDraftRecord; version: ProcessVersionRecord } | undefined> {
  const locked = await client.query<{ status: string }>('SELECT status FROM process_drafts WHERE id = $1 FOR UPDATE', [id]);
  if (locked.rows[0]?.status !== 'pending') return undefined;
  const version = await publishVersion(client, record);
  const draft = await review(client, id, 'approved', given, version.version);
  return draft === undefined ? undefined : { draft, version };
}
