/**
 * The delivery worker: takes due outbox rows, hands each to its channel and records the result
 * on the row. It runs after the event's commit and apart from it, so a failing channel never
 * blocks or undoes an event; the row simply waits and is tried again.
 *
 * Order: messages of one channel leave in outbox order. While a channel's oldest unsent message
 * is waiting for its retry, later messages of that channel wait behind it: they are not tried
 * (a receiver that is down costs one attempt per retry, not one per message) and their next
 * attempt moves to the blocker's, so they leave the due list and cannot crowd out the messages
 * of other channels.
 */
import { leftOutRecord, NOTE_SEPARATOR } from '../compile/recipients.js';
import { ensureError } from '../errors.js';
import type { OutboxRecord, Store } from '../runtime/store.js';
import { DeliveryError, outboundMessage, type DeliveryChannel, type DeliveryReceipt } from './channel.js';
import { defaultRetryPolicy, retryDelay, type RetryPolicy } from './backoff.js';

/** The part of the store the worker uses. */
export type OutboxStore = Pick<Store, 'claimDueOutbox' | 'holdOutbox' | 'listOutbox' | 'updateOutbox'>;

/** Channels by name, as rows name them (`log`, `webhook`, `smtp`). */
export type ChannelSet = Record<string, DeliveryChannel>;

/** Options of one delivery round. */
export interface DeliverDueOptions {
  store: OutboxStore;
  channels: ChannelSet;
  now: number;
  /** Channel for rows naming one that is not configured (default `log`); none: such rows are dead. */
  fallbackChannel?: string;
  /** Rows naming the key go to the value's channel instead (`{ sms: 'webhook' }`). */
  routes?: Record<string, string>;
  retry?: Partial<RetryPolicy>;
  /** Rows taken per round (default 100). */
  limit?: number;
  /** Source of jitter (tests pass a fixed one). */
  random?: () => number;
  /**
   * Sends that went out but could not be recorded (the database was away), by row id: when such a
   * row comes round again it is recorded, not sent again. The delivery loop keeps one across rounds.
   */
  unrecorded?: Map<number, SentRecord>;
}

/** How a sent row is recorded. */
export type SentRecord = { status: 'sent'; attempts: number; lastError?: string };

/**
 * What one round did. `held` rows wait behind an earlier message of their channel; `lost` rows
 * were not sent because this server's lease on them lapsed (another server sends them).
 */
export interface DeliveryRound {
  sent: number;
  retrying: number;
  dead: number;
  held: number;
  lost: number;
  /** Rows the store handed out; equal to the limit means more may be due. */
  taken: number;
}

/** The message a channel waits on: its id and when it is tried again. */
interface Blocker {
  id: number;
  until: number;
}

/** Rows waiting for a retry that is not due yet hold back later rows of their channel. */
async function blockedChannels(options: DeliverDueOptions, resolve: (row: OutboxRecord) => string | undefined): Promise<Map<string, Blocker>> {
  const waiting = await options.store.listOutbox({ status: 'failed', limit: 1000 });
  const blocked = new Map<string, Blocker>();
  for (const row of waiting) {
    if (row.nextAttemptAt <= options.now) continue;
    const channel = resolve(row);
    if (channel === undefined) continue;
    const known = blocked.get(channel);
    if (known === undefined || row.id < known.id) blocked.set(channel, { id: row.id, until: row.nextAttemptAt });
  }
  return blocked;
}

/**
 * Sends every due outbox row once: sent rows are marked `sent`; a failed row gets attempts + 1
 * and its next attempt after an exponential backoff, or `dead` after the last attempt (or at
 * once when retrying cannot help), with the error kept in `lastError`.
 */
export async function deliverDue(options: DeliverDueOptions): Promise<DeliveryRound> {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const fallback = options.fallbackChannel ?? 'log';
  const resolve = (row: OutboxRecord): string | undefined => {
    const wanted = options.routes?.[row.channel] ?? row.channel;
    return options.channels[wanted] ? wanted : options.channels[fallback] ? fallback : undefined;
  };

  const rows = [...(await options.store.claimDueOutbox(options.now, options.limit ?? 100))].sort((a, b) => a.id - b.id);
  const blocked = await blockedChannels(options, resolve);
  const round: DeliveryRound = { sent: 0, retrying: 0, dead: 0, held: 0, lost: 0, taken: rows.length };

  const byChannel = new Map<string | undefined, OutboxRecord[]>();
  for (const row of rows) {
    const channel = resolve(row);
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), row]);
  }

  const refuseQueue = async (queue: OutboxRecord[]): Promise<void> => {
    for (const row of queue) {
      await options.store.updateOutbox(row.id, {
        status: 'dead',
        attempts: row.attempts + 1,
        lastError: `no channel named "${row.channel}" is configured`,
      });
      round.dead += 1;
    }
  };

  /** Schedules the next attempt (its time) or moves the row to the dead letters (undefined). */
  const recordFailure = async (row: OutboxRecord, attempts: number, error: Error): Promise<number | undefined> => {
    const retryable = !(error instanceof DeliveryError) || error.retryable;
    const lastError = [leftOutRecord(row.lastError), error.message].filter(Boolean).join(NOTE_SEPARATOR);
    if (!retryable || attempts >= policy.maxAttempts) {
      await options.store.updateOutbox(row.id, { status: 'dead', attempts, lastError });
      return undefined;
    }
    const asked = error instanceof DeliveryError ? (error.retryAfterMs ?? 0) : 0;
    const nextAttemptAt = options.now + Math.max(retryDelay(attempts, policy, options.random), asked);
    await options.store.updateOutbox(row.id, { status: 'failed', attempts, nextAttemptAt, lastError });
    return nextAttemptAt;
  };

  const deliverQueue = async (name: string, queue: OutboxRecord[]): Promise<void> => {
    const channel = options.channels[name];
    for (const row of queue) {
      const pending = options.unrecorded?.get(row.id);
      if (pending !== undefined) {
        await options.store.updateOutbox(row.id, pending);
        options.unrecorded?.delete(row.id);
        round.sent += 1;
        continue;
      }
      const holder = blocked.get(name);
      if (holder !== undefined && holder.id < row.id) {
        await options.store.updateOutbox(row.id, { nextAttemptAt: Math.max(row.nextAttemptAt, holder.until) });
        round.held += 1;
        continue;
      }
      const attempts = row.attempts + 1;
      if (row.to.length === 0) {
        await options.store.updateOutbox(row.id, { status: 'dead', attempts, lastError: leftOutRecord(row.lastError) ?? 'no recipients' });
        round.dead += 1;
        continue;
      }
      if (options.store.holdOutbox !== undefined && !(await options.store.holdOutbox(row.id))) {
        // Another server took this channel's rows: the rest of the queue is left to it, in order.
        round.lost += queue.length - queue.indexOf(row);
        return;
      }
      let failure: Error | undefined;
      let receipt: DeliveryReceipt | void = undefined;
      try {
        receipt = await channel.send(outboundMessage(row));
      } catch (caught) {
        failure = ensureError(caught);
      }
      if (failure === undefined) {
        const note = [leftOutRecord(row.lastError), receipt?.note].filter(Boolean).join(NOTE_SEPARATOR);
        const sent: SentRecord = note ? { status: 'sent', attempts, lastError: note } : { status: 'sent', attempts };
        try {
          await options.store.updateOutbox(row.id, sent);
        } catch (error) {
          options.unrecorded?.set(row.id, sent);
          throw error;
        }
        round.sent += 1;
        continue;
      }
      const until = await recordFailure(row, attempts, failure);
      if (until === undefined) round.dead += 1;
      else {
        round.retrying += 1;
        blocked.set(name, { id: row.id, until });
      }
    }
  };

  // Every queue ends before the round does, even when one fails: a next round never meets this one's sends.
  const settled = await Promise.allSettled([...byChannel].map(([name, queue]) => (name === undefined ? refuseQueue(queue) : deliverQueue(name, queue))));
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) throw ensureError(failed.reason);
  return round;
}
