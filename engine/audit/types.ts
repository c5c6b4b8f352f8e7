/**
 * The administrative audit: who changed accounts, processes, the organisation or the clock, and
 * the sealed checkpoints that anchor every hash chain outside the database.
 * `AuditStore` is the port a store implements (`engine/store/sqlite/` for SQLite).
 */

/** Every kind of administrative action the log records. */
export const ADMIN_ACTIONS = [
  'user.create', 'user.roles', 'user.disable', 'user.enable', 'user.password', 'user.units', 'user.absence', 'user.totp',
  'token.create', 'token.revoke',
  'unit.create', 'unit.update', 'org.import',
  'process.publish', 'process.draft', 'process.approve', 'process.return', 'process.migrate-cases', 'calendar.publish',
  'clock.advance',
  'audit.checkpoint',
] as const;

/** One kind of administrative action, such as `user.create`. */
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/** Who did it: the user's id and name (`system` / `caseflow` for the server itself, `cli` for the command line). */
export interface AdminActor {
  id: string;
  name: string;
}

/** One recorded administrative action. `hash = sha256(prevHash + canonical JSON of the other fields)`. */
export interface AdminLogEntry {
  /** 1 for the first entry; no gaps. */
  seq: number;
  at: number;
  actorId: string;
  actorName: string;
  /** An `AdminAction` when written; read back as stored. */
  action: string;
  /** What it was done to: a username, a token id, a process id, `clock`… */
  target: string;
  /** What changed; never a secret or a password hash. */
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** The head of a hash chain: its last seq and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Which entries to read, newest first. */
export interface AdminLogFilter {
  action?: string;
  /** Actor name (username). */
  actor?: string;
  /** From this time (inclusive, epoch ms). */
  from?: number;
  /** Until this time (exclusive, epoch ms). */
  to?: number;
  /** Only entries with a smaller seq (the previous page's last). */
  before?: number;
  limit: number;
}

/** The head of one case's chain as a checkpoint records it. */
export interface CaseHead {
  caseId: string;
  seq: number;
  hash: string;
}

/** A sealed checkpoint: the heads of the cases changed since the previous one, and the admin log's head. */
export interface CheckpointRecord {
  seq: number;
  at: number;
  /** Highest event row the checkpoint saw: the next one lists cases with events after it. */
  eventsMark: number;
  /** How many case heads it lists, and the sha256 of their canonical text (`headsDigest`). */
  caseCount: number;
  headsDigest: string;
  /** The admin log's head when it was written (seq 0 when empty). */
  adminSeq: number;
  adminHash: string;
  /** Fingerprint of the key that sealed it (not the key). */
  keyId: string;
  prevHash: string;
  hash: string;
  /** HMAC-SHA256 of `hash` with the seal key, which is kept outside the database. */
  seal: string;
}

/** What a new checkpoint is made from, read in the transaction that writes it. */
export interface CheckpointBasis {
  previous?: CheckpointRecord;
  /** Heads of the cases with events after the previous checkpoint's mark, in case-id order. */
  heads: CaseHead[];
  eventsMark: number;
  adminHead?: ChainHead;
}

/** A checkpointed head with the hash of the event now stored at its seq (null when there is none). */
export interface CheckedHead extends CaseHead {
  checkpoint: number;
  storedHash: string | null;
}

/** Storage of the admin log and the checkpoints. Appends are atomic: `make` runs in the writing transaction. */
export interface AuditStore {
  appendAdminEntry(make: (previous: ChainHead | undefined) => AdminLogEntry): Promise<AdminLogEntry>;
  /** Entries matching the filter, newest first. */
  queryAdminLog(filter: AdminLogFilter): Promise<AdminLogEntry[]>;
  /** Entries after `afterSeq` in seq order, for verification. */
  scanAdminLog(afterSeq: number, limit: number): Promise<AdminLogEntry[]>;
  /** Writes the checkpoint `make` returns (nothing when it returns undefined). */
  writeCheckpoint(make: (basis: CheckpointBasis) => CheckpointRecord | undefined): Promise<CheckpointRecord | undefined>;
  /** Checkpoints after `afterSeq` in seq order. */
  scanCheckpoints(afterSeq: number, limit: number): Promise<CheckpointRecord[]>;
  /** The heads one checkpoint lists, in case-id order. */
  checkpointHeads(checkpoint: number): Promise<CaseHead[]>;
  /** Checkpointed heads after (caseId, seq) in that order, each with the hash stored now at its seq. */
  scanCheckedHeads(after: { caseId: string; seq: number } | undefined, limit: number): Promise<CheckedHead[]>;
}
