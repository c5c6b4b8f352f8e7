/** Calendar months of a report period in the centre's time zone: monthly figures count by them. */
import { DateTime } from 'luxon';
import type { ReportScope } from './report-case.js';

/** The month containing `now` in `timezone`, as a period [from, to). */
export function monthOf(now: number, timezone: string): { from: number; to: number } {
  const start = DateTime.fromMillis(now, { zone: timezone }).startOf('month');
  return { from: start.toMillis(), to: start.plus({ months: 1 }).toMillis() };
}

/** The scope with its period defaulting to the month containing `scope.now` (a monthly figure's default). */
export function monthlyScope(scope: ReportScope, timezone: string): ReportScope & { from: number; to: number } {
  const month = monthOf(scope.now, timezone);
  return { ...scope, from: scope.from ?? month.from, to: scope.to ?? (scope.from === undefined ? month.to : scope.now) };
}

/** Length of [from, to) in calendar months (March 1–April 1 is 1; a fortnight of March is about 0.45). */
export function monthsBetween(from: number, to: number, timezone: string): number {
  return DateTime.fromMillis(to, { zone: timezone }).diff(DateTime.fromMillis(from, { zone: timezone }), 'months').months;
}

/** The months (`2025-03`) that [from, to) touches, oldest first. */
export function monthKeys(from: number, to: number, timezone: string): string[] {
  const keys: string[] = [];
  let month = DateTime.fromMillis(from, { zone: timezone }).startOf('month');
  while (month.toMillis() < to) {
    keys.push(month.toFormat('yyyy-LL'));
    month = month.plus({ months: 1 });
  }
  return keys;
}
