/**
 * Duration literals of the definition language: `30m`, `90 minutes`, `1.5h`, `2d`, `1w`,
 * `3 business days`, `4 business hours`.
 */

/** The unit a duration literal was written in. */
export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks';

/**
 * A parsed duration. `ms` is the wall-clock length (for business durations: the nominal length,
 * a day counted as 24 h); `business` durations are measured on a business calendar, where the
 * compiler needs `amount` and `unit` (1 business day is one working day, not 24 working hours).
 */
export interface ParsedDuration {
  ms: number;
  business: boolean;
  amount: number;
  unit: DurationUnit;
}

const UNIT_MS: Record<DurationUnit, number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

const UNIT_WORDS: Record<string, DurationUnit> = {
  s: 'seconds', sec: 'seconds', secs: 'seconds', second: 'seconds', seconds: 'seconds',
  m: 'minutes', min: 'minutes', mins: 'minutes', minute: 'minutes', minutes: 'minutes',
  h: 'hours', hr: 'hours', hrs: 'hours', hour: 'hours', hours: 'hours',
  d: 'days', day: 'days', days: 'days',
  w: 'weeks', wk: 'weeks', week: 'weeks', weeks: 'weeks',
};

/** Units a business duration may use: business weeks and seconds would be odd, so they are refused. */
const BUSINESS_UNITS: ReadonlySet<DurationUnit> = new Set(['minutes', 'hours', 'days']);

const LITERAL = /^(\d+(?:\.\d+)?)\s*(business\s+)?([a-z]+)$/;

/**
 * Parses a duration literal; `undefined` when it is not one.
 * @example parseDuration('3 business days') // { ms: 259200000, business: true, amount: 3, unit: 'days' }
 */
export function parseDuration(text: string): ParsedDuration | undefined {
  const match = LITERAL.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const business = match[2] !== undefined;
  const unit = UNIT_WORDS[match[3]];
  if (unit === undefined || !Number.isFinite(amount)) return undefined;
  if (business && !BUSINESS_UNITS.has(unit)) return undefined;
  return { ms: Math.round(amount * UNIT_MS[unit]), business, amount, unit };
}

/** Regular expression source matching every literal `parseDuration` accepts (used by the JSON Schema). */
export const DURATION_PATTERN =
  '^\\s*\\d+(\\.\\d+)?\\s*((business\\s+)?(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)|s|sec|secs|second|seconds|w|wk|week|weeks)\\s*$';
