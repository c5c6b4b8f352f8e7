/**
 * Calendar coverage: a business deadline that would end after the last date its calendar lists
 * holidays for (`coversUntil`) is measured on weekdays alone there, which is a guess. Validation
 * warns at the duration, counted from the day the process is validated.
 */
import { DateTime } from 'luxon';
import type { CheckContext } from './check-context.js';
import { parseDuration } from './duration.js';
import type { CalendarDefinition } from './types.js';

const WEEKDAYS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Working days searched at most; a deadline longer than this is not looked at. */
const MAX_DAYS = 3_700;

/** Warns about business durations that run past their calendar's `coversUntil`, counted from `now`. */
export function checkCalendarCoverage(context: CheckContext, now: number): void {
  const { definition, sites } = context;
  const calendars = definition.calendars ?? {};
  const only = Object.keys(calendars).length === 1 ? Object.keys(calendars)[0] : undefined;
  for (const site of sites.durations) {
    if (typeof site.spec !== 'string') continue;
    const parsed = parseDuration(site.spec);
    const name = site.calendar ?? definition.calendar ?? only;
    const calendar = name === undefined ? undefined : calendars[name];
    if (!parsed?.business || calendar?.coversUntil === undefined || name === undefined) continue;
    const hoursPerDay = workdayHours(calendar);
    const days = parsed.unit === 'days' ? Math.ceil(parsed.amount) : Math.ceil((parsed.amount * (parsed.unit === 'hours' ? 1 : 1 / 60)) / hoursPerDay);
    const end = lastWorkday(calendar, now, days);
    if (end === undefined || end <= calendar.coversUntil) continue;
    const today = DateTime.fromMillis(now, { zone: calendar.timezone }).toISODate() ?? '';
    context.report(site.path, 'warning', `${site.spec} from ${today} ends after ${calendar.coversUntil}, the last date calendar ${name} lists holidays for: it is counted on weekdays alone there; publish the calendar with the next holidays`);
  }
}

function workdayHours(calendar: CalendarDefinition): number {
  const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
  return Math.max(1, minutes(calendar.workHours.end) - minutes(calendar.workHours.start)) / 60;
}

/** The local date (YYYY-MM-DD) of the `days`-th working day after the day of `now`. */
function lastWorkday(calendar: CalendarDefinition, now: number, days: number): string | undefined {
  const workdays = new Set((calendar.workdays ?? ['mon', 'tue', 'wed', 'thu', 'fri']).map((day) => WEEKDAYS[day]));
  const holidays = new Set(calendar.holidays ?? []);
  const makeup = new Set(calendar.makeupWorkdays ?? []);
  let day = DateTime.fromMillis(now, { zone: calendar.timezone }).startOf('day');
  let counted = 0;
  for (let i = 0; i < MAX_DAYS && counted < days; i++) {
    day = day.plus({ days: 1 });
    const date = day.toISODate() ?? '';
    if (holidays.has(date)) continue;
    if (makeup.has(date) || workdays.has(day.weekday)) counted++;
  }
  return counted < days ? undefined : (day.toISODate() ?? undefined);
}
