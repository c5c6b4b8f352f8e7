/** The background side of delivery: rounds of `deliverDue`, one after another, until stopped. */
import { ensureError } from '../errors.js';
import { deliverDue, type DeliverDueOptions, type DeliveryRound, type SentRecord } from './delivery-worker.js';

/** Options of `startDeliveryLoop`. */
export interface DeliveryLoopOptions extends Omit<DeliverDueOptions, 'now'> {
  /** Where time comes from: the engine's clock, so a manual clock drives retries too. */
  clock: { now(): number };
  /** Pause between rounds when nothing more is due (default 1 s). */
  intervalMs?: number;
  /** Called with each failed round (the store was unreachable, say); the loop carries on. */
  onError?: (error: Error) => void;
  onRound?: (round: DeliveryRound) => void;
}

/** A running delivery loop. */
export interface DeliveryLoop {
  /** Starts a round now instead of at the end of the pause (after new rows were written). */
  wake(): void;
  /** Ends the loop after the round in progress, if any, and closes its channels. */
  stop(): Promise<void>;
}

/** Runs delivery rounds in the background; a round never overlaps the previous one. */
export function startDeliveryLoop(options: DeliveryLoopOptions): DeliveryLoop {
  const intervalMs = options.intervalMs ?? 1000;
  const limit = options.limit ?? 100;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let wokenDuringRound = false;
  // Sent but not recorded: recorded, not sent again, when the row comes round (it stays this server's).
  const unrecorded = new Map<number, SentRecord>();

  const schedule = (delay: number): void => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      current = runRound().finally(() => {
        current = undefined;
      });
    }, delay);
  };

  const runRound = async (): Promise<void> => {
    let more = false;
    wokenDuringRound = false;
    try {
      const round = await deliverDue({ ...options, limit, unrecorded, now: options.clock.now() });
      options.onRound?.(round);
      // Every row taken was sent, retried, dead-lettered or moved behind its blocker: progress.
      more = round.taken >= limit;
    } catch (caught) {
      options.onError?.(ensureError(caught));
    }
    schedule(more || wokenDuringRound ? 0 : intervalMs);
  };

  schedule(0);
  return {
    wake(): void {
      if (current === undefined) schedule(0);
      else wokenDuringRound = true;
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await current;
      await Promise.all(Object.values(options.channels).map((channel) => channel.close?.()));
    },
  };
}
