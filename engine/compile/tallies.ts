/**
 * Tallies: counting, among cases opened earlier, those like a new one, and stamping the count
 * and their ids on its data. Pure: the runtime (or a trial) hands over the earlier cases.
 */
import { DateTime } from 'luxon';
import type { ProcessDefinition } from '../dsl/types.js';
import type { DurationCompiler } from './durations.js';
import { processTimeZone } from './template-helpers.js';
import type { Actor } from './types.js';

/** How many case ids a tally keeps (the most recent). */
export const TALLY_KEEPS = 50;

const OPENER: Actor = { id: 'system', roles: ['system'] };

/** A case opened earlier, as a tally compares it. */
export interface OpenedCase {
  id: string;
  createdAt: number;
  data: Record<string, unknown>;
}

/** A compiled tally. */
export interface TallyPlan {
  name: string;
  /** Data paths that must be equal, each split on dots. */
  match: string[][];
  /** Earliest opening time (epoch ms) a case needs to count, for a case opening at `now`. */
  windowStart(data: Record<string, unknown>, now: number, caseId: string): number;
}

/** The value a tally stamps on the data. */
export interface TallyValue {
  count: number;
  cases: string[];
}

/** Compiles the tallies of a definition. */
export function compileTallies(definition: ProcessDefinition, durations: DurationCompiler): TallyPlan[] {
  const zone = processTimeZone(definition);
  return Object.entries(definition.tallies ?? {}).map(([name, tally]) => {
    const within = tally.within === undefined ? undefined : durations.compile(tally.within, undefined, `tallies.${name}.within`);
    const since = tally.since ?? 'day';
    return {
      name,
      match: tally.match.map((field) => field.split('.')),
      windowStart(data, now, caseId) {
        if (within) return now - within.resolve({ data, actor: OPENER, now, caseId }).ms;
        return DateTime.fromMillis(now, { zone }).startOf(since === 'week' ? 'week' : since).toMillis();
      },
    };
  });
}

function valueAt(data: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = data;
  for (const part of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = Reflect.get(value, part);
  }
  return value;
}

/**
 * The key under which a case is counted by `tally`: its matched values as JSON, or undefined when
 * one is missing (such a case matches nothing, and is counted alone).
 */
export function tallyKey(tally: TallyPlan, data: Record<string, unknown>): string | undefined {
  const values = tally.match.map((path) => valueAt(data, path));
  return values.some((value) => value === undefined) ? undefined : JSON.stringify(values);
}

/** A tally's mark of a new case: under which key it counts for later cases. */
export interface TallyMark {
  tally: string;
  key: string;
}

/** The marks a new case leaves, one per tally whose matched values it has. */
export function tallyMarks(tallies: readonly TallyPlan[], data: Record<string, unknown>): TallyMark[] {
  const marks: TallyMark[] = [];
  for (const tally of tallies) {
    const key = tallyKey(tally, data);
    if (key !== undefined) marks.push({ tally: tally.name, key });
  }
  return marks;
}

/** What a store counted of earlier cases for one tally: how many, and the newest ids, oldest first. */
export interface TallyCount {
  count: number;
  cases: string[];
}

/** The value of a tally for a new case, from the earlier cases counted (the case itself added). */
export function tallyValue(earlier: TallyCount, caseId: string): TallyValue {
  return { count: earlier.count + 1, cases: [...earlier.cases, caseId].slice(-TALLY_KEEPS) };
}

/** Counts the earlier cases in the window that match, plus the new case itself. */
export function tallyOf(tally: TallyPlan, data: Record<string, unknown>, caseId: string, now: number, earlier: readonly OpenedCase[]): TallyValue {
  const key = tallyKey(tally, data);
  if (key === undefined) return tallyValue({ count: 0, cases: [] }, caseId);
  const from = tally.windowStart(data, now, caseId);
  const counted = earlier
    .filter((other) => other.id !== caseId && other.createdAt >= from && other.createdAt <= now && tallyKey(tally, other.data) === key)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return tallyValue({ count: counted.length, cases: counted.slice(-TALLY_KEEPS).map((other) => other.id) }, caseId);
}

/** The data with every tally stamped on it. */
export function stampTallies(tallies: readonly TallyPlan[], data: Record<string, unknown>, caseId: string, now: number, earlier: readonly OpenedCase[]): Record<string, unknown> {
  if (tallies.length === 0) return data;
  const stamped = { ...data };
  for (const tally of tallies) stamped[tally.name] = tallyOf(tally, data, caseId, now, earlier);
  return stamped;
}
