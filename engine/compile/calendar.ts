/**
 * Business calendars: when work happens, so that "3 business days" means three working days
 * of the centre's own time zone, skipping weekends and holidays and counting 调休 make-up days.
 */
import { DateTime } from 'luxon';
import { CaseflowError } from '../errors.js';
import type { CalendarDefinition } from '../dsl/types.js';

/** A calendar ready for arithmetic: work hours in minutes since local midnight. */
export interface BusinessCalendar {
  timezone: string;
  startMinute: number;
  endMinute: number;
  workdays: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
  makeupWorkdays: ReadonlySet<string>;
  /** Last date the calendar lists holidays for; after it days are told by weekday alone. */
  coversUntil?: string;
}

const WEEKDAYS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Days searched before giving up, so a calendar without any working day cannot loop forever. */
const MAX_DAYS = 3_700;

/** Checks and prepares a calendar definition. */
export function compileCalendar(name: string, definition: CalendarDefinition): BusinessCalendar {
  if (!DateTime.local().setZone(definition.timezone).isValid) {
    throw new CaseflowError('invalid-definition', `calendar ${name}: unknown time zone ${definition.timezone}`);
  }
  const startMinute = minuteOfDay(name, definition.workHours.start);
  const endMinute = minuteOfDay(name, definition.workHours.end);
  if (endMinute <= startMinute) {
    throw new CaseflowError('invalid-definition', `calendar ${name}: work hours must end after they start`);
  }
  const workdays = new Set((definition.workdays ?? ['mon', 'tue', 'wed', 'thu', 'fri']).map((day) => WEEKDAYS[day]));
  const calendar: BusinessCalendar = {
    timezone: definition.timezone,
    startMinute,
    endMinute,
    workdays,
    holidays: new Set(definition.holidays ?? []),
    makeupWorkdays: new Set(definition.makeupWorkdays ?? []),
  };
  if (definition.coversUntil !== undefined) calendar.coversUntil = definition.coversUntil;
  return calendar;
}

/** The last covered date when `at` (epoch ms) falls on a later local date, else undefined. */
export function beyondCoverage(calendar: BusinessCalendar, at: number): string | undefined {
  if (calendar.coversUntil === undefined) return undefined;
  const date = DateTime.fromMillis(at, { zone: calendar.timezone }).toISODate() ?? '';
  return date > calendar.coversUntil ? calendar.coversUntil : undefined;
}

function minuteOfDay(name: string, clock: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  if (!(hours >= 0 && hours <= 24 && minutes >= 0 && minutes < 60) || hours * 60 + minutes > 1440) {
    throw new CaseflowError('invalid-definition', `calendar ${name}: ${clock} is not a time of day (HH:MM)`);
  }
  return hours * 60 + minutes;
}

/** Length of one working day in ms: what "1 business day" adds. */
export function workdayMs(calendar: BusinessCalendar): number {
  return (calendar.endMinute - calendar.startMinute) * 60_000;
}

/** Whether work happens on this local date. Holidays beat weekdays; make-up days beat weekends. */
export function isWorkday(calendar: BusinessCalendar, day: DateTime): boolean {
  const date = day.toISODate() ?? '';
  if (calendar.holidays.has(date)) return false;
  if (calendar.makeupWorkdays.has(date)) return true;
  return calendar.workdays.has(day.weekday);
}

/** The working window of a local day, as epoch ms, or undefined on a day off. */
function workWindow(calendar: BusinessCalendar, day: DateTime): { start: number; end: number } | undefined {
  if (!isWorkday(calendar, day)) return undefined;
  const midnight = day.startOf('day');
  return {
    start: midnight.plus({ minutes: calendar.startMinute }).toMillis(),
    end: midnight.plus({ minutes: calendar.endMinute }).toMillis(),
  };
}

/** Wall time after `ms` of working time counted from `start` (epoch ms). */
export function addBusinessMs(calendar: BusinessCalendar, start: number, ms: number): number {
  if (ms <= 0) return start;
  let remaining = ms;
  let day = DateTime.fromMillis(start, { zone: calendar.timezone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    const window = workWindow(calendar, day);
    if (!window) continue;
    const from = Math.max(start, window.start);
    if (from >= window.end) continue;
    const available = window.end - from;
    if (remaining <= available) return from + remaining;
    remaining -= available;
  }
  throw new CaseflowError('invalid-definition', `calendar in ${calendar.timezone} has no working time within ${MAX_DAYS} days`);
}

/** Working time in ms between two wall times (0 when `to` is not after `from`). */
export function businessMsBetween(calendar: BusinessCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  let day = DateTime.fromMillis(from, { zone: calendar.timezone }).startOf('day');
  for (let i = 0; i < MAX_DAYS * 10 && day.toMillis() < to; i++, day = day.plus({ days: 1 })) {
    const window = workWindow(calendar, day);
    if (!window) continue;
    const overlap = Math.min(to, window.end) - Math.max(from, window.start);
    if (overlap > 0) total += overlap;
  }
  return total;
}
