/**
 * Checkpoint rows: writing one (a write for the group commit: the heads of the cases with events
 * after the previous checkpoint's mark, the admin log's head, and the new row are read and written
 * in one transaction), and the reads that verify them.
 */
import type { Database } from 'better-sqlite3';
import type { CaseHead, CheckedHead, CheckpointBasis, CheckpointRecord } from '../../../audit/types.js';
import { preparedOnUse, type AdminLogOperations } from './admin-log.js';

/** An `audit_checkpoints` row as SQLite returns it. */
interface CheckpointRow {
  seq: number;
  at: number;
  events_mark: number;
  case_count: number;
  heads_digest: string;
  admin_seq: number;
  admin_hash: string;
  key_id: string;
  prev_hash: string;
  hash: string;
  seal: string;
}

const COLUMNS = 'seq, at, events_mark, case_count, heads_digest, admin_seq, admin_hash, key_id, prev_hash, hash, seal';

function toCheckpoint(row: CheckpointRow): CheckpointRecord {
  return {
    seq: row.seq, at: row.at, eventsMark: row.events_mark, caseCount: row.case_count, headsDigest: row.heads_digest,
    adminSeq: row.admin_seq, adminHash: row.admin_hash, keyId: row.key_id, prevHash: row.prev_hash, hash: row.hash, seal: row.seal,
  };
}

/** Checkpoint operations of a connection; `write` is a write for the group commit. */
export interface CheckpointOperations {
  write(make: (basis: CheckpointBasis) => CheckpointRecord | undefined): CheckpointRecord | undefined;
  scan(afterSeq: number, limit: number): CheckpointRecord[];
  heads(checkpoint: number): CaseHead[];
  checkedHeads(after: { caseId: string; seq: number } | undefined, limit: number): CheckedHead[];
}

/** Prepares the checkpoint operations on a connection. */
export function createCheckpointOperations(sqlite: Database, adminLog: AdminLogOperations): CheckpointOperations {
  const latest = preparedOnUse(() => sqlite.prepare<[], CheckpointRow>(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`));
  // Rowids grow with every event written, so the events after a mark are those of the cases changed since.
  const changed = preparedOnUse(() => sqlite.prepare<[number], [string, number, string, number]>('SELECT case_id, seq, hash, rowid FROM events WHERE rowid > ? ORDER BY rowid').raw());
  const insert = preparedOnUse(() => sqlite.prepare(
    `INSERT INTO audit_checkpoints (${COLUMNS}) VALUES (@seq, @at, @eventsMark, @caseCount, @headsDigest, @adminSeq, @adminHash, @keyId, @prevHash, @hash, @seal)`,
  ));
  const insertHead = preparedOnUse(() => sqlite.prepare<[string, number, string, number]>('INSERT INTO checkpoint_heads (case_id, seq, hash, checkpoint) VALUES (?, ?, ?, ?)'));
  const scan = preparedOnUse(() => sqlite.prepare<[number, number], CheckpointRow>(`SELECT ${COLUMNS} FROM audit_checkpoints WHERE seq > ? ORDER BY seq LIMIT ?`));
  const heads = preparedOnUse(() => sqlite.prepare<[number], CaseHead>('SELECT case_id AS caseId, seq, hash FROM checkpoint_heads WHERE checkpoint = ? ORDER BY case_id'));
  const checked = preparedOnUse(() => sqlite.prepare<[string, number, number], CheckedHead>(
    `SELECT h.case_id AS caseId, h.seq, h.hash, h.checkpoint, e.hash AS storedHash
     FROM checkpoint_heads AS h LEFT JOIN events AS e ON e.case_id = h.case_id AND e.seq = h.seq
     WHERE (h.case_id, h.seq) > (?, ?) ORDER BY h.case_id, h.seq LIMIT ?`,
  ));

  return {
    write(make) {
      const previousRow = latest().get();
      const previous = previousRow && toCheckpoint(previousRow);
      let eventsMark = previous?.eventsMark ?? 0;
      const last = new Map<string, CaseHead>();
      for (const [caseId, seq, hash, rowid] of changed().iterate(eventsMark)) {
        const known = last.get(caseId);
        if (known === undefined || seq > known.seq) last.set(caseId, { caseId, seq, hash });
        if (rowid > eventsMark) eventsMark = rowid;
      }
      const caseHeads = [...last.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
      const checkpoint = make({ previous, heads: caseHeads, eventsMark, adminHead: adminLog.head() });
      if (checkpoint === undefined) return undefined;
      insert().run(checkpoint);
      for (const head of caseHeads) insertHead().run(head.caseId, head.seq, head.hash, checkpoint.seq);
      return checkpoint;
    },
    scan: (afterSeq, limit) => scan().all(afterSeq, limit).map(toCheckpoint),
    heads: (checkpoint) => heads().all(checkpoint),
    checkedHeads: (after, limit) => checked().all(after?.caseId ?? '', after?.seq ?? 0, limit),
  };
}
