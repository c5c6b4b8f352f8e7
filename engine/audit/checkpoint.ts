/**
 * Sealed checkpoints: now and then the heads (case, seq, hash) of every case changed since the
 * previous checkpoint, and the admin log's head, are written down, chained to the previous
 * checkpoint and sealed with an HMAC whose key is kept outside the database. Whoever can change
 * the database but not read the key cannot make a changed history agree with a checkpoint.
 */
import { createHash, createHmac, hash, timingSafeEqual } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from '../runtime/hash-chain.js';
import type { Clock } from '../runtime/types.js';
import type { AuditStore, CaseHead, CheckpointBasis, CheckpointRecord } from './types.js';

/** The key that seals checkpoints, with its public fingerprint. */
export interface SealKey {
  /** Fingerprint: names the key in each checkpoint without revealing it. */
  id: string;
  secret: Buffer;
}

/** Makes a seal key from its secret bytes (at least 32). */
export function sealKey(secret: Buffer): SealKey {
  if (secret.length < 32) throw new RangeError('a seal key needs at least 32 bytes');
  return { id: hash('sha256', Buffer.concat([Buffer.from('caseflow seal key id\n'), secret]), 'hex').slice(0, 16), secret };
}

/** sha256 of the heads' canonical text, one `caseId seq hash` line each, in case-id order. */
export function headsDigest(heads: Iterable<CaseHead>): string {
  const digest = createHash('sha256');
  for (const head of heads) digest.update(`${head.caseId} ${head.seq} ${head.hash}\n`);
  return digest.digest('hex');
}

/** The fields of a checkpoint its hash covers: all but hash and seal. */
type HashedCheckpoint = Omit<CheckpointRecord, 'hash' | 'seal'>;

/** `sha256(prevHash + canonical JSON of the checkpoint's other fields)`, hex. */
export function hashCheckpoint(c: HashedCheckpoint): string {
  const { seq, at, eventsMark, caseCount, headsDigest: digest, adminSeq, adminHash, keyId } = c;
  return hash('sha256', c.prevHash + canonicalJson({ seq, at, eventsMark, caseCount, headsDigest: digest, adminSeq, adminHash, keyId }), 'hex');
}

/** HMAC-SHA256 of a checkpoint's hash with the key, hex. */
export function sealOf(checkpointHash: string, key: SealKey): string {
  return createHmac('sha256', key.secret).update(checkpointHash).digest('hex');
}

/** Whether the seal is the key's HMAC of the hash (compared in constant time). */
export function sealHolds(checkpointHash: string, seal: string, key: SealKey): boolean {
  const expected = Buffer.from(sealOf(checkpointHash, key), 'hex');
  const given = Buffer.from(seal, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Builds and seals the checkpoint following `basis`, or undefined when nothing changed and it is not forced. */
export function buildCheckpoint(basis: CheckpointBasis, key: SealKey, at: number, force: boolean): CheckpointRecord | undefined {
  const { previous, heads, eventsMark, adminHead } = basis;
  const adminSeq = adminHead?.seq ?? 0;
  if (!force && previous && heads.length === 0 && previous.adminSeq === adminSeq) return undefined;
  const fields: HashedCheckpoint = {
    seq: (previous?.seq ?? 0) + 1,
    at,
    eventsMark,
    caseCount: heads.length,
    headsDigest: headsDigest(heads),
    adminSeq,
    adminHash: adminHead?.hash ?? GENESIS_HASH,
    keyId: key.id,
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  const checkpointHash = hashCheckpoint(fields);
  return { ...fields, hash: checkpointHash, seal: sealOf(checkpointHash, key) };
}

/** Writes a checkpoint now; `force` writes one even when nothing changed since the last. */
export function writeCheckpoint(store: Pick<AuditStore, 'writeCheckpoint'>, key: SealKey, clock: Clock, force = false): Promise<CheckpointRecord | undefined> {
  return store.writeCheckpoint((basis) => buildCheckpoint(basis, key, clock.now(), force));
}
