/**
 * The server's sealed checkpoints: one every `CASEFLOW_CHECKPOINT_INTERVAL` (when a case or the
 * admin log changed since the last), and one on demand (`POST /api/audit/checkpoint`). With
 * `CASEFLOW_CHECKPOINT_WITNESS`, each new one is also sent out through that outbox channel, so
 * deleting the newest checkpoints from the database no longer goes unnoticed.
 */

/** Template name of the witness notices in the outbox. */
export const WITNESS_TEMPLATE = 'audit-checkpoint';

/** The outbox notice that tells a witness about a checkpoint: its seq, time, hash and seal. */
export function witnessNotice(checkpoint: CheckpointRecord, channel: string): Notice {
  const { seq, at, hash, seal, keyId, caseCount, adminSeq, adminHash, prevHash } = checkpoint;
  return {
    key: `${WITNESS_TEMPLATE}:${seq}`,
    channel,
    template: WITNESS_TEMPLATE,
    to: ['witness'],
    subject: `Caseflow checkpoint ${seq}`,
    body: JSON.stringify({ seq, at: new Date(at).toISOString(), hash, seal, keyId, caseCount, adminSeq, adminHash, prevHash }),
  };
}
import { writeCheckpoint, type SealKey } from '../engine/audit/checkpoint.js';
import type { AuditStore, CheckpointRecord } from '../engine/audit/types.js';
import { CaseflowError } from '../engine/errors.js';
import type { Notice } from '../engine/notify/outbox-browser.js';
import { startIntervalJob, type IntervalJob } from '../engine/runtime/interval-job.js';
import type { SingletonLock } from '../engine/runtime/singleton-lock.js';
import type { Clock } from '../engine/runtime/types.js';
import { errorFields, type Logger } from './log.js';

/** Writing checkpoints for a running server. */
export interface Checkpoints {
  /** Writes a checkpoint now, even when nothing changed. */
  now(): Promise<CheckpointRecord>;
  /** Starts the periodic checkpoints (no-op when the interval is 0). */
  start(): void;
  stop(): Promise<void>;
}

/** Options of `createCheckpoints`. */
export interface CheckpointOptions {
  store: Pick<AuditStore, 'writeCheckpoint'>;
  key: SealKey;
  clock: Clock;
  intervalMs: number;
  logger: Logger;
  /** Sends each new checkpoint to a witness outside the database (an outbox notice). */
  witness?: (checkpoint: CheckpointRecord) => Promise<void>;
  /** The database's singleton lock: servers sharing it write periodic checkpoints one at a time. */
  lock?: SingletonLock;
}

/** Creates the checkpoint writer of a server. */
export function createCheckpoints({ store, key, clock, intervalMs, logger, witness, lock }: CheckpointOptions): Checkpoints {
  let job: IntervalJob | undefined;

  /** Logs a new checkpoint and hands it to the witness (a failure there is logged, the checkpoint stays). */
  const written = async (checkpoint: CheckpointRecord) => {
    logger.info('checkpoint written', { checkpoint: checkpoint.seq, cases: checkpoint.caseCount, adminSeq: checkpoint.adminSeq });
    try {
      await witness?.(checkpoint);
    } catch (error) {
      logger.error('checkpoint witness failed', { checkpoint: checkpoint.seq, ...errorFields(error) });
    }
  };

  const periodic = async () => {
    const checkpoint = await writeCheckpoint(store, key, clock);
    if (checkpoint) await written(checkpoint);
  };

  return {
    async now() {
      const checkpoint = await writeCheckpoint(store, key, clock, true);
      if (!checkpoint) throw new CaseflowError('internal', 'a forced checkpoint was not written');
      await written(checkpoint);
      return checkpoint;
    },
    start() {
      if (intervalMs <= 0 || job) return;
      job = startIntervalJob({
        name: 'checkpoint', intervalMs, lock, delayFirst: true, run: periodic,
        onError: (error) => logger.error('checkpoint failed', errorFields(error)),
      });
    },
    async stop() {
      await job?.stop();
      job = undefined;
    },
  };
}
