/**
 * The weekly warning digest as a scheduled notification: once the week is over (by default on
 * Monday 09:00 in the centre's time zone) the digest of the week before is written to the
 * outbox, once, keyed by its week; the delivery worker sends it like any other message.
 */
import type { OutboxBrowser } from '../notify/outbox-browser.js';
import { startPeriodicJob } from '../runtime/periodic-job.js';
import type { SingletonLock } from '../runtime/singleton-lock.js';
import type { OutboxRecord } from '../runtime/store.js';
import type { Reports } from './report-service.js';
import { previousWeek } from './warning-digest.js';

/** Options of the digest schedule. */
export interface DigestScheduleOptions {
  reports: Reports;
  outbox: Pick<OutboxBrowser, 'addNotice'>;
  clock: { now(): number };
  /** Hours after the week ends to send it (default 9: Monday 09:00). */
  sendAfterHours?: number;
  /** Recipients (default: the four escalation levels' responders). */
  to?: string[];
  /** Channel of the message (default `log`). */
  channel?: string;
  /** How often to look whether a digest is due (default 1 minute). */
  intervalMs?: number;
  /** The database's singleton lock: servers sharing it look one at a time. */
  lock?: SingletonLock;
  onError?: (error: Error) => void;
  onSent?: (row: OutboxRecord) => void;
}

/** Template name of the digest's outbox rows. */
export const DIGEST_TEMPLATE = 'warning-digest';

/** Outbox key of the digest of a week: `warning-digest:2025-W13`. */
export const digestKey = (weekLabel: string): string => `${DIGEST_TEMPLATE}:${weekLabel}`;

/**
 * Writes last week's digest to the outbox if it is due at `now` and not written yet; returns the
 * new row, or undefined when it is not due or already there.
 */
export async function sendWeeklyDigest(options: DigestScheduleOptions, now: number): Promise<OutboxRecord | undefined> {
  const week = previousWeek(now, options.reports.timezone);
  if (now < week.to + (options.sendAfterHours ?? 9) * 3_600_000) return undefined;
  const digest = await options.reports.digest(week.from);
  return options.outbox.addNotice(
    {
      key: digestKey(week.label),
      channel: options.channel ?? 'log',
      template: DIGEST_TEMPLATE,
      to: options.to ?? ['team-lead', 'center-manager', 'cs-director', 'general-manager'],
      subject: digest.subject,
      body: digest.text,
    },
    now,
  );
}

/** Looks every `intervalMs` whether the weekly digest is due, on one server at a time; `stop` ends it. */
export function startDigestSchedule(options: DigestScheduleOptions): { stop(): Promise<void> } {
  return startPeriodicJob({
    name: DIGEST_TEMPLATE,
    intervalMs: options.intervalMs ?? 60_000,
    lock: options.lock,
    onError: options.onError,
    run: async () => {
      const row = await sendWeeklyDigest(options, options.clock.now());
      if (row) options.onSent?.(row);
    },
  });
}
