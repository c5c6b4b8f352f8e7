/**
 * Checks the sealed checkpoints: their chain and seals, that each still lists the heads it was
 * sealed with, that the admin log still holds the head each recorded, and that every checkpointed
 * case head still exists with that hash at that seq.
 */
import { GENESIS_HASH } from '../runtime/hash-chain.js';
import { hashCheckpoint, headsDigest, sealHolds, type SealKey } from './checkpoint.js';
import type { AuditStore } from './types.js';

/** Result of checking the checkpoints; `firstBroken` names the checkpoint and, for a case, its id and seq. */
export interface CheckpointVerification {
  valid: boolean;
  checkpointsChecked: number;
  headsChecked: number;
  /** The newest checkpoint: history up to it is anchored. */
  latest?: { seq: number; at: number };
  firstBroken?: { checkpoint: number; caseId?: string; seq?: number; reason: string };
}

const PAGE = 1000;

/** Checks every checkpoint with `key` (see the module comment). */
export async function verifyCheckpoints(store: AuditStore, key: SealKey): Promise<CheckpointVerification> {
  let checkpointsChecked = 0;
  let headsChecked = 0;
  let latest: CheckpointVerification['latest'];
  const broken = (firstBroken: NonNullable<CheckpointVerification['firstBroken']>): CheckpointVerification => ({ valid: false, checkpointsChecked, headsChecked, latest, firstBroken });
  let prevHash = GENESIS_HASH;
  for (;;) {
    const page = await store.scanCheckpoints(checkpointsChecked, PAGE);
    for (const checkpoint of page) {
      const seq = checkpointsChecked + 1;
      if (checkpoint.seq !== seq) return broken({ checkpoint: seq, reason: `checkpoint ${seq} is missing (found ${checkpoint.seq} next)` });
      if (checkpoint.prevHash !== prevHash) return broken({ checkpoint: seq, reason: 'prevHash does not match the previous checkpoint' });
      if (hashCheckpoint(checkpoint) !== checkpoint.hash) return broken({ checkpoint: seq, reason: 'hash does not match the checkpoint (it was changed)' });
      if (checkpoint.keyId !== key.id) return broken({ checkpoint: seq, reason: `sealed with another key (${checkpoint.keyId}); this server's seal key is ${key.id}` });
      if (!sealHolds(checkpoint.hash, checkpoint.seal, key)) return broken({ checkpoint: seq, reason: 'the seal does not hold: the checkpoint was not written with the seal key' });
      const heads = await store.checkpointHeads(seq);
      if (heads.length !== checkpoint.caseCount || headsDigest(heads) !== checkpoint.headsDigest) {
        return broken({ checkpoint: seq, reason: `the heads listed (${heads.length}) are not the ${checkpoint.caseCount} it was sealed with` });
      }
      if (checkpoint.adminSeq > 0) {
        const [entry] = await store.scanAdminLog(checkpoint.adminSeq - 1, 1);
        if (entry?.seq !== checkpoint.adminSeq) return broken({ checkpoint: seq, reason: `the admin log no longer has entry ${checkpoint.adminSeq}` });
        if (entry.hash !== checkpoint.adminHash) return broken({ checkpoint: seq, reason: `admin log entry ${checkpoint.adminSeq} is not the one checkpointed (rewritten)` });
      }
      checkpointsChecked = seq;
      prevHash = checkpoint.hash;
      latest = { seq, at: checkpoint.at };
    }
    if (page.length < PAGE) break;
  }
  let after: { caseId: string; seq: number } | undefined;
  for (;;) {
    const page = await store.scanCheckedHeads(after, PAGE);
    for (const head of page) {
      if (head.storedHash === null) {
        return broken({ checkpoint: head.checkpoint, caseId: head.caseId, seq: head.seq, reason: `checkpoint ${head.checkpoint} recorded event ${head.seq} of this case; it is gone (case deleted or its tail dropped)` });
      }
      if (head.storedHash !== head.hash) {
        return broken({ checkpoint: head.checkpoint, caseId: head.caseId, seq: head.seq, reason: `checkpoint ${head.checkpoint} recorded another hash for event ${head.seq} (history rewritten)` });
      }
      headsChecked++;
    }
    if (page.length < PAGE) return { valid: true, checkpointsChecked, headsChecked, latest };
    const last = page[page.length - 1];
    after = { caseId: last.caseId, seq: last.seq };
  }
}
