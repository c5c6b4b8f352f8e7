/**
 * The whole-database check with the audit: every case chain (compared with its case row), the
 * admin log's chain, and the sealed checkpoints; the first failure is named.
 */
import type { ChainVerification } from '../runtime/types.js';
import type { SealKey } from './checkpoint.js';
import { verifyAdminLog } from './admin-log.js';
import { verifyCheckpoints } from './verify-checkpoints.js';
import type { AuditStore } from './types.js';

/** What the engine audits beside the case chains. */
export interface AuditOptions {
  store: AuditStore;
  /** The key checkpoints are sealed with; without it checkpoints are neither written nor checked. */
  sealKey?: SealKey;
}

/** Adds the admin log and the checkpoints to a check of the case chains. */
export async function verifyWithAudit(chains: ChainVerification, audit: AuditOptions): Promise<ChainVerification> {
  const adminLog = await verifyAdminLog(audit.store);
  const result: ChainVerification = { ...chains, adminLog, valid: chains.valid && adminLog.valid };
  if (audit.sealKey) {
    const checkpoints = await verifyCheckpoints(audit.store, audit.sealKey);
    result.checkpoints = checkpoints;
    result.valid &&= checkpoints.valid;
    const failure = checkpoints.firstBroken;
    if (!result.firstBroken && failure?.caseId !== undefined && failure.seq !== undefined) {
      result.firstBroken = { caseId: failure.caseId, seq: failure.seq, reason: failure.reason };
    }
  }
  return result;
}
