/**
 * The administrative audit on PostgreSQL (`AuditStore`, see engine/audit/types.ts): the admin
 * log and the sealed checkpoints, with the SQLite store's semantics. Appending reads the chain's
 * head and writes the next entry in one group-commit transaction that first takes a transaction
 * advisory lock, so two servers never both extend the same head.
 */
import type pg from 'pg';
import type { AdminLogEntry, AuditStore, CaseHead, CheckedHead, CheckpointRecord, ChainHead } from '../../audit/types.js';
import type { PgGroupCommit } from './group-commit.js';
import { readsOn } from './pg-errors.js';

interface AdminLogRow {
  seq: number;
  at: number;
  actor_id: string;
  actor_name: string;
  action: string;
  target: string;
  details: string;
  prev_hash: string;
  hash: string;
}

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

const ADMIN_COLUMNS = 'seq, at, actor_id, actor_name, action, target, details, prev_hash, hash';
const CHECKPOINT_COLUMNS = 'seq, at, events_mark, case_count, heads_digest, admin_seq, admin_hash, key_id, prev_hash, hash, seal';
/** Advisory lock keys of the two chains ("admnlog" and "checkpt" in ASCII). */
const ADMIN_LOCK = '27413493907746663';
const CHECKPOINT_LOCK = '27980807363326068';

function toEntry(row: AdminLogRow): AdminLogEntry {
  return {
    seq: row.seq, at: row.at, actorId: row.actor_id, actorName: row.actor_name, action: row.action, target: row.target,
    details: JSON.parse(row.details), prevHash: row.prev_hash, hash: row.hash,
  };
}

function toCheckpoint(row: CheckpointRow): CheckpointRecord {
  return {
    seq: row.seq, at: row.at, eventsMark: row.events_mark, caseCount: row.case_count, headsDigest: row.heads_digest,
    adminSeq: row.admin_seq, adminHash: row.admin_hash, keyId: row.key_id, prevHash: row.prev_hash, hash: row.hash, seal: row.seal,
  };
}

async function adminHead(client: pg.PoolClient): Promise<ChainHead | undefined> {
  const [row] = (await client.query<ChainHead>('SELECT seq, hash FROM admin_log ORDER BY seq DESC LIMIT 1')).rows;
  return row;
}

/** The AuditStore of a PostgreSQL store: writes through its group commit, reads on its pool. */
export function createPostgresAudit(pool: pg.Pool, writes: PgGroupCommit): AuditStore {
  const read = readsOn(pool);
  return {
    appendAdminEntry: (make) =>
      writes.submit({
        apply: async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_LOCK]);
          const entry = make(await adminHead(client));
          await client.query(`INSERT INTO admin_log (${ADMIN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
            entry.seq, entry.at, entry.actorId, entry.actorName, entry.action, entry.target, JSON.stringify(entry.details), entry.prevHash, entry.hash,
          ]);
          return entry;
        },
      }),
    async queryAdminLog(filter) {
      const where: string[] = [];
      const values: Array<string | number> = [];
      const add = (clause: string, value: string | number) => {
        values.push(value);
        where.push(clause.replace('?', `$${values.length}`));
      };
      if (filter.action !== undefined) add('action = ?', filter.action);
      if (filter.actor !== undefined) add('actor_name = ?', filter.actor);
      if (filter.from !== undefined) add('at >= ?', filter.from);
      if (filter.to !== undefined) add('at < ?', filter.to);
      if (filter.before !== undefined) add('seq < ?', filter.before);
      values.push(filter.limit);
      const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
      const result = await read<AdminLogRow>(`SELECT ${ADMIN_COLUMNS} FROM admin_log ${clause} ORDER BY seq DESC LIMIT $${values.length}`, values);
      return result.rows.map(toEntry);
    },
    async scanAdminLog(afterSeq, limit) {
      const result = await read<AdminLogRow>(`SELECT ${ADMIN_COLUMNS} FROM admin_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]);
      return result.rows.map(toEntry);
    },
    writeCheckpoint: (make) =>
      writes.submit({
        apply: async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK]);
          const [previousRow] = (await client.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`)).rows;
          const previous = previousRow && toCheckpoint(previousRow);
          let eventsMark = previous?.eventsMark ?? 0;
          // Row ids grow with every event written, so the events after a mark are those of the cases changed since.
          const changed = await client.query<{ case_id: string; seq: number; hash: string; row_id: number }>(
            'SELECT case_id, seq, hash, row_id FROM events WHERE row_id > $1 ORDER BY row_id', [eventsMark],
          );
          const last = new Map<string, CaseHead>();
          for (const { case_id: caseId, seq, hash, row_id: rowId } of changed.rows) {
            const known = last.get(caseId);
            if (known === undefined || seq > known.seq) last.set(caseId, { caseId, seq, hash });
            if (rowId > eventsMark) eventsMark = rowId;
          }
          const heads = [...last.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
          const checkpoint = make({ previous, heads, eventsMark, adminHead: await adminHead(client) });
          if (checkpoint === undefined) return undefined;
          await client.query(`INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
            checkpoint.seq, checkpoint.at, checkpoint.eventsMark, checkpoint.caseCount, checkpoint.headsDigest, checkpoint.adminSeq,
            checkpoint.adminHash, checkpoint.keyId, checkpoint.prevHash, checkpoint.hash, checkpoint.seal,
          ]);
          if (heads.length > 0) {
            await client.query('INSERT INTO checkpoint_heads (case_id, seq, hash, checkpoint) SELECT *, $4::int FROM unnest($1::text[], $2::int[], $3::text[])', [
              heads.map((head) => head.caseId), heads.map((head) => head.seq), heads.map((head) => head.hash), checkpoint.seq,
            ]);
          }
          return checkpoint;
        },
      }),
    async scanCheckpoints(afterSeq, limit) {
      const result = await read<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]);
      return result.rows.map(toCheckpoint);
    },
    async checkpointHeads(checkpoint) {
      const result = await read<CaseHead>('SELECT case_id AS "caseId", seq, hash FROM checkpoint_heads WHERE checkpoint = $1 ORDER BY case_id', [checkpoint]);
      return result.rows;
    },
    async scanCheckedHeads(after, limit) {
      const result = await read<CheckedHead>(
        `SELECT h.case_id AS "caseId", h.seq, h.hash, h.checkpoint, e.hash AS "storedHash"
         FROM checkpoint_heads AS h LEFT JOIN events AS e ON e.case_id = h.case_id AND e.seq = h.seq
         WHERE (h.case_id, h.seq) > ($1, $2) ORDER BY h.case_id, h.seq LIMIT $3`,
        [after?.caseId ?? '', after?.seq ?? 0, limit],
      );
      return result.rows;
    },
  };
}
