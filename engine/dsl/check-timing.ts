/**
 * Time: durations parse; business durations have a calendar; a deadline's warning comes before
 * its breach and no escalation after it, and its marks count the same kind of time (business or
 * calendar) as its `within`; repeating timers are bounded; timers and marks send events some
 * state accepts; calendars named are declared.
 */
import type { CheckContext } from './check-context.js';
import { parseDuration, type ParsedDuration } from './duration.js';
import type { DocPath } from './source-map.js';
import { didYouMean } from './suggest.js';
import type { CalendarDefinition, DurationSpec, ProcessDefinition } from './types.js';

const DURATION_HELP = 'write e.g. 30m, 4h, 2d, 1w, 3 business days or 4 business hours';

/** Reports problems with durations, deadline marks, timers, sent events and calendar names. */
export function checkTiming(context: CheckContext): void {
  checkCalendarNames(context);
  checkDurations(context);
  checkDeadlineMarks(context);
  checkTimers(context);
  checkSends(context);
}

function checkCalendarNames(context: CheckContext): void {
  const { definition, sites, report } = context;
  const declared = Object.keys(definition.calendars ?? {});
  const check = (name: string | undefined, path: DocPath): void => {
    if (name !== undefined && !declared.includes(name)) {
      report(path, 'error', `calendar '${name}' is not declared in calendars nor published as a shared calendar (calendars/${name}.yaml)${didYouMean(name, declared)}`);
    }
  };
  check(definition.calendar, ['calendar']);
  for (const { timer, path } of sites.timers) check(timer.calendar, [...path, 'calendar']);
  for (const { deadline, path } of sites.deadlines) check(deadline.calendar, [...path, 'calendar']);
}

function checkDurations(context: CheckContext): void {
  for (const { spec, path, calendar } of context.sites.durations) {
    if (typeof spec !== 'string') continue;
    const parsed = parseDuration(spec);
    if (parsed === undefined) {
      context.report(path, 'error', `'${spec}' is not a duration: ${DURATION_HELP}`);
    } else if (parsed.business && calendar === undefined) {
      context.report(path, 'error', `'${spec}' counts business time but no calendar applies: set calendar: at the top of the process or on this timer or deadline`);
    }
  }
}

/** A literal duration in comparable milliseconds: business days count as working days. */
function comparable(spec: DurationSpec | undefined, calendar: CalendarDefinition | undefined): { ms: number; business: boolean } | undefined {
  if (typeof spec !== 'string') return undefined;
  const parsed: ParsedDuration | undefined = parseDuration(spec);
  if (parsed === undefined) return undefined;
  if (!parsed.business || parsed.unit !== 'days') return { ms: parsed.ms, business: parsed.business };
  return { ms: parsed.amount * workdayMs(calendar), business: true };
}

/** Length of a working day of the calendar (8 h when unknown). */
function workdayMs(calendar: CalendarDefinition | undefined): number {
  const minutes = (time: string): number => {
    const [hours, mins] = time.split(':').map(Number);
    return hours * 60 + mins;
  };
  if (calendar === undefined) return 8 * 3_600_000;
  const length = minutes(calendar.workHours.end) - minutes(calendar.workHours.start);
  return length > 0 ? length * 60_000 : 8 * 3_600_000;
}

/**
 * Whether a duration counts business time: known for a literal, and for an expression that only
 * reads a setting or a tier column whose values all agree (`{ expr: tiers.level.acknowledge }`).
 */
function countsBusinessTime(spec: DurationSpec, definition: ProcessDefinition): boolean | undefined {
  const values = typeof spec === 'string' ? [spec] : literalValues(spec.expr.trim(), definition);
  const parsed = values?.map((value) => (typeof value === 'string' ? parseDuration(value) : undefined));
  if (parsed === undefined || parsed.length === 0 || parsed.some((p) => p === undefined)) return undefined;
  const business = new Set(parsed.map((p) => p?.business));
  return business.size === 1 ? [...business][0] : undefined;
}

/** The values `settings.<name>` or `tiers.<table>.<column>` may give, or undefined for other expressions. */
function literalValues(expr: string, definition: ProcessDefinition): unknown[] | undefined {
  const setting = /^settings\.([A-Za-z_]\w*)$/.exec(expr);
  if (setting) return Object.hasOwn(definition.settings ?? {}, setting[1]) ? [definition.settings?.[setting[1]]] : undefined;
  const tier = /^tiers\.([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(expr);
  const table = tier ? definition.tiers?.[tier[1]] : undefined;
  return tier && table ? Object.values(table.rows).map((row) => row[tier[2]]) : undefined;
}

function describeSpec(spec: DurationSpec): string {
  return typeof spec === 'string' ? spec : `{ expr: ${spec.expr} }`;
}

function checkDeadlineMarks(context: CheckContext): void {
  const { definition, sites, report } = context;
  for (const { deadline, path, state } of sites.deadlines) {
    if (deadline.if !== undefined && state !== undefined) {
      report([...path, 'if'], 'error', `a condition applies to process deadlines only (deadlines: at the top); the deadline of state ${state} runs whenever the state is active`);
    }
    const calendarName = deadline.calendar ?? definition.calendar;
    const calendar = calendarName === undefined ? undefined : definition.calendars?.[calendarName];
    const within = comparable(deadline.within, calendar);
    const withinBusiness = countsBusinessTime(deadline.within, definition);
    const describe = describeSpec(deadline.within);
    const compare = (at: DurationSpec, markPath: DocPath, allowEqual: boolean, what: string): void => {
      const markBusiness = countsBusinessTime(at, definition);
      if (markBusiness !== undefined && withinBusiness !== undefined && markBusiness !== withinBusiness) {
        // The compiler measures every mark on the deadline's own clock, so a mark in the other kind of time is read as this kind.
        const [clockKind, markKind] = withinBusiness ? ['business', 'calendar'] : ['calendar', 'business'];
        report(markPath, 'warning', `${what} at ${describeSpec(at)} counts ${markKind} time, but the deadline counts ${clockKind} time (within: ${describe}): the mark is measured on the deadline's clock as ${clockKind} time; write both in the same kind of time`);
        return;
      }
      const mark = comparable(at, calendar);
      if (within === undefined || mark === undefined || mark.business !== within.business) return;
      if (mark.ms > within.ms || (!allowEqual && mark.ms === within.ms)) {
        report(markPath, 'error', `${what} at ${String(at)} is ${mark.ms === within.ms ? 'at' : 'after'} the deadline itself (within: ${describe}); it would never fire before the breach`);
      }
    };
    if (deadline.warn) compare(deadline.warn.at, [...path, 'warn', 'at'], false, 'the warning');
    (deadline.escalate ?? []).forEach((mark, index) => compare(mark.at, [...path, 'escalate', index, 'at'], true, `escalation ${index + 1}`));
  }
}

function checkTimers(context: CheckContext): void {
  const idsByState = new Map<string, Set<string>>();
  for (const { state, timer, path } of context.sites.timers) {
    const ids = idsByState.get(state) ?? new Set<string>();
    if (ids.has(timer.id)) context.report([...path, 'id'], 'error', `timer id '${timer.id}' is used twice in state '${state}'`);
    ids.add(timer.id);
    idsByState.set(state, ids);
    if (timer.every !== undefined && timer.max === undefined) {
      context.report([...path, 'every'], 'error', `timer '${timer.id}' repeats every ${typeof timer.every === 'string' ? timer.every : 'interval'} without max: unbounded reminders; add max (how many times at most)`, { key: true });
    }
    if (timer.max !== undefined && timer.every === undefined) {
      context.report([...path, 'max'], 'warning', `timer '${timer.id}' has max but no every: it fires once`, { key: true });
    }
    if (timer.send === undefined && (timer.actions ?? []).length === 0) {
      context.report(path, 'warning', `timer '${timer.id}' does nothing when it fires: give it send or actions`);
    }
  }
}

function checkSends(context: CheckContext): void {
  const handled = new Set(context.sites.events.map((event) => event.name));
  for (const { event, path } of context.sites.sends) {
    if (!handled.has(event)) {
      context.report(path, 'error', `sends event '${event}', but no state accepts '${event}'${didYouMean(event, handled)}`);
    }
  }
}
