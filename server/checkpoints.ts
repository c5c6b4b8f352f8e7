/**
 * The server's sealed checkpoints: one every `CASEFLOW_CHECKPOINT_INTERVAL` (when a case or the
 * admin log changed since the last), and one on demand (`POST /api/audit/checkpoint`,
 * `caseflow checkpoint`).
 */
import { writeCheckpoint, type SealKey } from '../engine/audit/checkpoint.js';
import type { AuditStore, CheckpointRecord } from '../engine/audit/types.js';
import { CaseflowError } from '../engine/errors.js';
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
}

/** Creates the checkpoint writer of a server. */
export function createCheckpoints({ store, key, clock, intervalMs, logger }: CheckpointOptions): Checkpoints {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const periodic = () => {
    running = writeCheckpoint(store, key, clock).then(
      (written) => {
        if (written) logger.info('checkpoint written', { checkpoint: written.seq, cases: written.caseCount, adminSeq: written.adminSeq });
      },
      (error: unknown) => logger.error('checkpoint failed', errorFields(error)),
    );
  };

  return {
    async now() {
      const written = await writeCheckpoint(store, key, clock, true);
      if (!written) throw new CaseflowError('internal', 'a forced checkpoint was not written');
      return written;
    },
    start() {
      if (intervalMs <= 0 || timer) return;
      timer = setInterval(periodic, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
