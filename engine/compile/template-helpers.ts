/**
 * The one place templates get their helpers: an isolated Handlebars environment per time zone
 * with `time`, `date`, `duration` and `money` (see `engine/dsl/template-helpers.ts` for how each
 * is called). Helpers are pure: they read only the plain value they are given, never an
 * object's members, and give text; a value they cannot read is shown as it is.
 */
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { parseDuration } from '../dsl/duration.js';
import { FORMAT_HELPERS, TIME_FORMATS, type FormatHelperName, type TimeFormat } from '../dsl/template-helpers.js';
import type { ProcessDefinition } from '../dsl/types.js';
import { durationInChinese, spanInChinese } from '../dsl/duration-text.js';
import { nameMarker, type NamedKind } from './directory-names.js';

/** Zone of templates when a process names none (the shipped processes serve mainland China). */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const TIME_PATTERNS: Record<TimeFormat, string> = {
  datetime: 'yyyy-LL-dd HH:mm',
  date: 'yyyy-LL-dd',
  time: 'HH:mm',
};

const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });

/**
 * The zone a process's templates show times in: its default calendar's (`calendar`, else the
 * first declared), else its own `timezone`, else Asia/Shanghai.
 */
export function processTimeZone(definition: ProcessDefinition): string {
  const calendars = definition.calendars ?? {};
  const name = definition.calendar !== undefined && Object.hasOwn(calendars, definition.calendar) ? definition.calendar : Object.keys(calendars)[0];
  return (name === undefined ? undefined : calendars[name].timezone) ?? definition.timezone ?? DEFAULT_TIME_ZONE;
}

/** A timestamp (ISO text or epoch ms) as local text in `zone`: `2025-03-06 10:00`. */
export function formatTime(value: unknown, zone: string, format: TimeFormat = 'datetime'): string {
  const time = typeof value === 'number' ? DateTime.fromMillis(value, { zone })
    : typeof value === 'string' ? DateTime.fromISO(value.trim(), { zone }) : undefined;
  if (time === undefined) return shown(value);
  return time.isValid ? time.toFormat(TIME_PATTERNS[format]) : shown(value);
}

/**
 * A span in Chinese words, as messages say it (`1天2小时30分钟`): from milliseconds, a literal
 * (`72h` → `3天`, `4320m` → `3天`) or several (`1d 2h`). A business duration keeps its amount
 * (`3个工作日`): its length depends on the calendar. Other text is shown as it is.
 */
export function formatDuration(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? spanInChinese(value) : shown(value);
  if (typeof value !== 'string') return shown(value);
  const single = durationInChinese(value);
  if (single !== undefined) return single;
  const parts = value.trim().split(/\s+/).map(parseDuration);
  if (parts.length === 0 || parts.some((part) => part === undefined || part.business)) return value;
  return spanInChinese(parts.reduce((sum, part) => sum + (part?.ms ?? 0), 0));
}

/** An amount of yuan: `¥1,234.50`, `-¥12.00`. */
export function formatMoney(value: unknown): string {
  const amount = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(amount)) return shown(value);
  const text = MONEY.format(Math.abs(amount));
  return text === '0.00' || amount >= 0 ? `¥${text}` : `-¥${text}`;
}

/** A value a helper cannot read, shown as Handlebars would show it alone: text and numbers as they are, nothing else. */
function shown(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** The positional values of a helper call and its hash (Handlebars passes the options object last). */
function callOf(args: unknown[]): { values: unknown[]; hash: Record<string, unknown> } {
  const options: unknown = args[args.length - 1];
  const hash: unknown = typeof options === 'object' && options !== null ? Reflect.get(options, 'hash') : undefined;
  return { values: args.slice(0, -1), hash: typeof hash === 'object' && hash !== null ? Object.fromEntries(Object.entries(hash)) : {} };
}

function timeFormat(hash: Record<string, unknown>): TimeFormat {
  const format = Object.hasOwn(hash, 'format') ? hash.format : undefined;
  return TIME_FORMATS.find((known) => known === format) ?? 'datetime';
}

/** Each helper: its values and hash in, text out. */
const HELPERS: Record<FormatHelperName, (zone: string) => (...args: unknown[]) => string> = {
  time: (zone) => (...args) => {
    const { values, hash } = callOf(args);
    return formatTime(values[0], zone, timeFormat(hash));
  },
  date: (zone) => (...args) => formatTime(callOf(args).values[0], zone, 'date'),
  duration: () => (...args) => formatDuration(callOf(args).values[0]),
  money: () => (...args) => formatMoney(callOf(args).values[0]),
  unit: () => (...args) => directoryName('unit', callOf(args).values[0]),
  person: () => (...args) => directoryName('person', callOf(args).values[0]),
};

/** An id as a marker the runtime names from the directory; other values as they are. */
function directoryName(kind: NamedKind, value: unknown): string {
  return typeof value === 'string' ? nameMarker(kind, value) : shown(value);
}

/**
 * A Handlebars environment of its own (never the global one) with Caseflow's helpers for
 * `zone`, and without `log`, which would write to the server's console.
 */
export function templateEnvironment(zone: string): typeof Handlebars {
  const handlebars = Handlebars.create();
  handlebars.unregisterHelper('log');
  for (const [name, helper] of Object.entries(HELPERS)) handlebars.registerHelper(name, helper(zone));
  return handlebars;
}

/** Compile options that make any helper but these a compile error. */
export const KNOWN_HELPERS: CompileOptions['knownHelpers'] = {
  ...Object.fromEntries(Object.keys(FORMAT_HELPERS).map((name) => [name, true])),
  log: false,
};

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;
