/**
 * The weekly warning digest as a scheduled notification: once the week is over (by default on
 * Monday 09:00 in the centre's time zone) the digest of the week before is written to the
 * outbox, once, keyed by its week; the delivery worker sends it like any other message. The
 * server runs it with `startPeriodicJobs`.
 */
import { noticeWritten, type OutboxBrowser } from '../notify/outbox-browser.js';
import { calendarEvery, type PeriodicJob } from '../runtime/periodic-jobs.js';
import type { OutboxRecord } from '../runtime/store.js';
import type { Reports } from './report-service.js';
import { previousWeek } from './warning-digest.js';

/** Options of the digest schedule. */
export interface DigestScheduleOptions {
  reports: Pick<Reports, 'timezone' | 'digest'>;
  outbox: Pick<OutboxBrowser, 'addNotice' | 'page'>;
  clock: { now(): number };
  /** Hours after the week ends to send it (default 9: Monday 09:00). */
  sendAfterHours?: number;
  /** Recipients (default: the four escalation levels' responders). */
  to?: string[];
  /** Channel of the message (default `log`). */
  channel?: string;
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
  const key = digestKey(week.label);
  // Every start runs the job: a digest written before is not computed again.
  if (await noticeWritten(options.outbox, key)) return undefined;
  const digest = await options.reports.digest(week.from);
  return options.outbox.addNotice(
    {
      key,
      channel: options.channel ?? 'log',
      template: DIGEST_TEMPLATE,
      to: options.to ?? ['team-lead', 'center-manager', 'cs-director', 'general-manager'],
      subject: digest.subject,
      body: digest.text,
    },
    now,
  );
}

/** The weekly digest as a periodic job: due each week `sendAfterHours` after the week ends. */
export function weeklyDigestJob(options: DigestScheduleOptions): PeriodicJob {
  return {
    name: DIGEST_TEMPLATE,
    next: calendarEvery('week', (options.sendAfterHours ?? 9) * 3_600_000, options.reports.timezone),
    async run(now) {
      const row = await sendWeeklyDigest(options, now);
      if (row) options.onSent?.(row);
    },
  };
}
