/**
 * The monthly report over the live store, and its schedule: once a month is over (by default on
 * the 1st at 09:00 in the centre's time zone) the report of the month before is written to the
 * outbox, once, keyed by its month; the delivery worker sends it like any other message.
 */
import { noticeWritten, type OutboxBrowser } from '../notify/outbox-browser.js';
import { calendarEvery, type PeriodicJob } from '../runtime/periodic-jobs.js';
import type { OutboxRecord } from '../runtime/store.js';
import { loadReportCases, type ReportStore } from './load-cases.js';
import { monthContaining, monthlyReport, previousMonth, renderMonthlyReport, type MonthlyReport } from './monthly-report.js';
import type { Reports } from './report-service.js';

/** Template name of the monthly report's outbox rows. */
export const MONTHLY_TEMPLATE = 'monthly-report';

/** The report with its message. */
export interface RenderedMonthlyReport extends MonthlyReport {
  subject: string;
  text: string;
  unitLabels: Record<string, string>;
}

/** What the monthly report reads. */
export interface MonthlyReportOptions {
  store: ReportStore;
  reports: Pick<Reports, 'settings' | 'timezone'>;
  clock: { now(): number };
  unitLabels?: () => Promise<ReadonlyMap<string, string>>;
}

/** The report of the month containing `monthOf` (default: the month before now), of `units` only when given. */
export async function renderedMonthlyReport(options: MonthlyReportOptions, monthOf?: number, units?: string[]): Promise<RenderedMonthlyReport> {
  const now = options.clock.now();
  const zone = options.reports.timezone;
  const month = monthOf === undefined ? previousMonth(now, zone) : monthContaining(monthOf, zone);
  const settings = await options.reports.settings();
  const window = { openedFrom: month.from, openedBefore: month.to, ...(units === undefined ? {} : { units }) };
  const [complaints, inspections, callbacks] = await Promise.all([
    // The close-on-time rate reads when each complaint was archived, from its events.
    loadReportCases(options.store, settings.complaints.process, { ...window, withEvents: true }),
    loadReportCases(options.store, settings.quality.process, window),
    // Routine callbacks count by the day of the call: any scheduled before the month ends.
    loadReportCases(options.store, settings.callbacks.process, { openedBefore: month.to, ...(units === undefined ? {} : { units }) }),
  ]);
  const report = monthlyReport(complaints, inspections, month, now, settings, callbacks);
  const labels = options.unitLabels ? await options.unitLabels() : new Map<string, string>();
  const { subject, body } = renderMonthlyReport(report, labels);
  return { ...report, subject, text: body, unitLabels: Object.fromEntries(labels) };
}

/** Options of the monthly schedule. */
export interface MonthlyScheduleOptions extends MonthlyReportOptions {
  outbox: Pick<OutboxBrowser, 'addNotice' | 'page'>;
  /** Hours after the month ends to send it (default 9: the 1st at 09:00). */
  sendAfterHours?: number;
  /** Recipients (default: the centre's managers). */
  to?: string[];
  channel?: string;
  onSent?: (row: OutboxRecord) => void;
}

/** Writes last month's report to the outbox if it is due at `now` and not written yet. */
export async function sendMonthlyReport(options: MonthlyScheduleOptions, now: number): Promise<OutboxRecord | undefined> {
  const month = previousMonth(now, options.reports.timezone);
  if (now < month.to + (options.sendAfterHours ?? 9) * 3_600_000) return undefined;
  const key = `${MONTHLY_TEMPLATE}:${month.label}`;
  // Every start runs the job: a report written before is not computed again.
  if (await noticeWritten(options.outbox, key)) return undefined;
  const report = await renderedMonthlyReport(options, month.from);
  return options.outbox.addNotice(
    {
      key,
      channel: options.channel ?? 'log',
      template: MONTHLY_TEMPLATE,
      to: options.to ?? ['team-lead', 'center-manager', 'cs-director', 'general-manager'],
      subject: report.subject,
      body: report.text,
    },
    now,
  );
}

/** The monthly report as a periodic job: due each month `sendAfterHours` after the month ends. */
export function monthlyReportJob(options: MonthlyScheduleOptions): PeriodicJob {
  return {
    name: MONTHLY_TEMPLATE,
    next: calendarEvery('month', (options.sendAfterHours ?? 9) * 3_600_000, options.reports.timezone),
    async run(now) {
      const row = await sendMonthlyReport(options, now);
      if (row) options.onSent?.(row);
    },
  };
}
