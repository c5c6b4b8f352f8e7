/**
 * The administrative audit log: each administrative action is one entry, hash-chained to the one
 * before it like a case's events, so a changed, removed or inserted entry breaks the chain.
 */
import { hash } from 'node:crypto';
import { CaseflowError } from '../errors.js';
import { canonicalJson, GENESIS_HASH } from '../runtime/hash-chain.js';
import type { Clock } from '../runtime/types.js';
import type { AdminAction, AdminActor, AdminLogEntry, AdminLogFilter, AuditStore } from './types.js';

/** What a caller records; the log adds seq, time and hashes. */
export interface AdminActionRecord {
  actor: AdminActor;
  action: AdminAction;
  target: string;
  details?: Record<string, unknown>;
}

/** The admin log of one store. */
export interface AdminLog {
  /** Appends an entry for an action that was just done, and returns it. */
  record(entry: AdminActionRecord): Promise<AdminLogEntry>;
  /** Entries matching the filter, newest first. */
  list(filter: AdminLogFilter): Promise<AdminLogEntry[]>;
}

/** Names that must never reach the log, at any depth of `details`. */
const SECRET_KEYS = /^(password|passwordhash|secret|token|hash|totp|totpsecret|key)$/i;

function secretKeyIn(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEYS.test(key)) return key;
    const found = secretKeyIn(inner);
    if (found) return found;
  }
  return undefined;
}

/** `sha256(prevHash + canonical JSON of the entry's other fields)`, hex. */
export function hashAdminEntry(prevHash: string, entry: Omit<AdminLogEntry, 'prevHash' | 'hash'>): string {
  const { seq, at, actorId, actorName, action, target, details } = entry;
  return hash('sha256', prevHash + canonicalJson({ seq, at, actorId, actorName, action, target, details }), 'hex');
}

/** Creates the admin log over a store; times come from `clock`. */
export function createAdminLog(store: AuditStore, clock: Clock): AdminLog {
  return {
    async record({ actor, action, target, details = {} }) {
      const secret = secretKeyIn(details);
      if (secret) throw new CaseflowError('internal', `the admin log never records a secret ('${secret}' in the details of ${action})`);
      // Stored as its canonical JSON, so the entry read back hashes the same.
      const stored: Record<string, unknown> = JSON.parse(canonicalJson(details));
      const at = clock.now();
      return store.appendAdminEntry((previous) => {
        const fields = { seq: (previous?.seq ?? 0) + 1, at, actorId: actor.id, actorName: actor.name, action, target, details: stored };
        const prevHash = previous?.hash ?? GENESIS_HASH;
        return { ...fields, prevHash, hash: hashAdminEntry(prevHash, fields) };
      });
    },
    list: (filter) => store.queryAdminLog(filter),
  };
}

/** Result of checking the admin log's chain. */
export interface AdminLogVerification {
  valid: boolean;
  entriesChecked: number;
  head?: { seq: number; hash: string };
  firstBroken?: { seq: number; reason: string };
}

/** Entries read per page of the check. */
const PAGE = 1000;

/** Checks the admin log's chain from its first entry, naming the first broken one. */
export async function verifyAdminLog(store: Pick<AuditStore, 'scanAdminLog'>): Promise<AdminLogVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const page = await store.scanAdminLog(expectedSeq - 1, PAGE);
    for (const entry of page) {
      const broken = (reason: string): AdminLogVerification => ({ valid: false, entriesChecked: expectedSeq - 1, firstBroken: { seq: entry.seq, reason } });
      if (entry.seq !== expectedSeq) return broken(`expected entry ${expectedSeq}, found ${entry.seq} (an entry was removed)`);
      if (entry.prevHash !== prevHash) return broken('prevHash does not match the previous entry');
      if (hashAdminEntry(entry.prevHash, entry) !== entry.hash) return broken('hash does not match the entry (it was changed)');
      expectedSeq++;
      prevHash = entry.hash;
    }
    if (page.length < PAGE) {
      const checked = expectedSeq - 1;
      return checked === 0 ? { valid: true, entriesChecked: 0 } : { valid: true, entriesChecked: checked, head: { seq: checked, hash: prevHash } };
    }
  }
}
