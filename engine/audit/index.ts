/**
 * The administrative audit log and the sealed checkpoints (see `types.ts`).
 */
export { ADMIN_ACTIONS, type AdminAction, type AdminActor, type AdminLogEntry, type AdminLogFilter, type AuditStore, type CheckpointRecord } from './types.js';
export { createAdminLog, hashAdminEntry, verifyAdminLog, type AdminLog, type AdminActionRecord, type AdminLogVerification } from './admin-log.js';
export { sealKey, writeCheckpoint, type SealKey } from './checkpoint.js';
export { verifyCheckpoints, type CheckpointVerification } from './verify-checkpoints.js';
export { verifyWithAudit, type AuditOptions } from './verify-all.js';
