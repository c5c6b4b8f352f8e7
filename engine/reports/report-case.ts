/**
 * What the reports read: a case with its data, deadline clocks and (where a figure needs them)
 * its events, and the scope of a report (period, business unit, the time it is drawn up).
 */
import type { ClockState } from '../compile/types.js';
import type { CaseRecord, EventRecord } from '../runtime/store.js';

/** One event as the reports need it. */
export type ReportEvent = Pick<EventRecord, 'seq' | 'type' | 'at' | 'from' | 'to'>;

/** A case as the reports see it. */
export interface ReportCase {
  id: string;
  processId: string;
  state: string;
  status: 'active' | 'done';
  data: Record<string, unknown>;
  clocks: Record<string, ClockState>;
  createdAt: number;
  updatedAt: number;
  nextDueAt?: number;
  /** Present when the figure asked for events; oldest first. */
  events?: ReportEvent[];
}

/** Which cases a figure counts: opened in [from, to), of one business unit, as of `now`. */
export interface ReportScope {
  from?: number;
  to?: number;
  unit?: string;
  /** The reader's units, for figures that read configured counts rather than cases; absent: every unit. */
  units?: string[];
  /** The time the report is drawn up; running deadlines past it count as missed. */
  now: number;
}

/** The report view of a stored case. */
export function reportCase(record: CaseRecord, events?: EventRecord[]): ReportCase {
  const view: ReportCase = {
    id: record.id,
    processId: record.processId,
    state: record.state,
    status: record.status,
    data: record.snapshot.data,
    clocks: record.snapshot.clocks,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  if (record.nextDueAt !== undefined) view.nextDueAt = record.nextDueAt;
  if (events) view.events = events.map(({ seq, type, at, from, to }) => ({ seq, type, at, from, to }));
  return view;
}

/** The value at a dotted path of the case data (`customer.member`), if there is one. */
export function fieldValue(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = Object.getOwnPropertyDescriptor(value, key)?.value;
  }
  return value;
}

/** A string field of the case data, if it holds one. */
export function textField(data: Record<string, unknown>, path: string): string | undefined {
  const value = fieldValue(data, path);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A number field of the case data, if it holds a finite number. */
export function numberField(data: Record<string, unknown>, path: string): number | undefined {
  const value = fieldValue(data, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Cases of `processId` opened within the scope's period and of its unit (read from `unitField`). */
export function casesInScope(cases: ReportCase[], processId: string, scope: ReportScope, unitField: string): ReportCase[] {
  return cases.filter(
    (item) =>
      item.processId === processId &&
      (scope.from === undefined || item.createdAt >= scope.from) &&
      (scope.to === undefined || item.createdAt < scope.to) &&
      (scope.unit === undefined || textField(item.data, unitField) === scope.unit),
  );
}

/** Groups cases by a key, keys in first-seen order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    groups.set(name, [...(groups.get(name) ?? []), item]);
  }
  return groups;
}

/** `part / whole` as a percentage with one decimal, or null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The name used for cases that carry no business unit. */
export const NO_UNIT = '(none)';
