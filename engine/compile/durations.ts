/**
 * Durations of timers and deadlines: literals parsed once, `{ expr }` evaluated when needed;
 * business durations measured on a calendar (1 business day = one working day).
 */
import { parseDuration, type ParsedDuration } from '../dsl/duration.js';
import type { DurationSpec, ProcessDefinition } from '../dsl/types.js';
import { CaseflowError } from '../errors.js';
import { addBusinessMs, compileCalendar, workdayMs, type BusinessCalendar } from './calendar.js';
import { celDurationMs } from './cel-values.js';
import type { ExpressionCompiler, ExpressionScope } from './expressions.js';

/** A resolved duration: `ms` of wall time, or of working time on `calendar` when business. */
export interface Span {
  ms: number;
  calendar?: BusinessCalendar;
}

/** A duration ready to resolve against a scope. */
export interface CompiledDuration {
  readonly spec: DurationSpec;
  resolve(scope: ExpressionScope): Span;
}

/** Used when a business duration names no calendar and the process declares none. */
const STANDARD_CALENDAR = compileCalendar('standard', { timezone: 'UTC', workHours: { start: '09:00', end: '18:00' } });

/** Wall time `span` after `from`. */
export function addSpan(span: Span, from: number): number {
  return span.calendar ? addBusinessMs(span.calendar, from, span.ms) : from + span.ms;
}

/** Compiles the durations of one process against its calendars. */
export class DurationCompiler {
  private readonly calendars = new Map<string, BusinessCalendar>();

  constructor(
    private readonly definition: ProcessDefinition,
    private readonly expressions: ExpressionCompiler,
  ) {
    for (const [name, calendar] of Object.entries(definition.calendars ?? {})) {
      this.calendars.set(name, compileCalendar(name, calendar));
    }
  }

  /** The calendar business durations use here: the named one, the process default, the only one, or Mon–Fri 09–18 UTC. */
  calendar(name: string | undefined, where: string): BusinessCalendar {
    const chosen = name ?? this.definition.calendar;
    if (chosen !== undefined) {
      const calendar = this.calendars.get(chosen);
      if (!calendar) throw new CaseflowError('invalid-definition', `${where}: unknown calendar ${chosen}`);
      return calendar;
    }
    const only = this.calendars.size === 1 ? [...this.calendars.values()][0] : undefined;
    return only ?? STANDARD_CALENDAR;
  }

  /** Compiles a duration; literals are checked now, expressions when they are evaluated. */
  compile(spec: DurationSpec, calendarName: string | undefined, where: string): CompiledDuration {
    const calendar = this.calendar(calendarName, where);
    if (typeof spec === 'string') {
      const parsed = parseDuration(spec);
      if (!parsed) throw new CaseflowError('invalid-definition', `${where}: ${spec} is not a duration`);
      const span = toSpan(parsed, calendar);
      return { spec, resolve: () => span };
    }
    const expression = this.expressions.compile(spec.expr, undefined, where);
    return {
      spec,
      resolve: (scope) => {
        const value = expression.raw(scope);
        if (typeof value === 'string') {
          const parsed = parseDuration(value);
          if (parsed) return toSpan(parsed, calendar);
        }
        const ms = celDurationMs(value);
        if (ms !== undefined) return { ms };
        throw new CaseflowError('internal', `${where}: ${spec.expr} gave ${String(value)}, not a duration`);
      },
    };
  }
}

function toSpan(parsed: ParsedDuration, calendar: BusinessCalendar): Span {
  if (!parsed.business) return { ms: parsed.ms };
  const ms = parsed.unit === 'days' ? Math.round(parsed.amount * workdayMs(calendar)) : parsed.ms;
  return { ms, calendar };
}
