/**
 * Shared calendar files (`calendars/cn-mainland.yaml`): read, shape-checked against
 * `schema/calendar.schema.json` and checked like a process calendar, with diagnostics at line
 * and column.
 */
import { isRealDate, isTimeZone } from './check-data.js';
import type { Diagnostic } from './diagnostic.js';
import { parseYaml } from './parse-yaml.js';
import type { SharedCalendar } from './expand-calendars.js';
import { checkCalendarSchema, type SharedCalendarFile } from './schema-check.js';

/** The outcome of reading a calendar file: the calendar when it has no errors. */
export interface ParsedCalendar {
  calendar?: SharedCalendarFile;
  diagnostics: Diagnostic[];
}

/** Parses and checks a shared calendar file. */
export function parseCalendar(yaml: string): ParsedCalendar {
  const parsed = parseYaml(yaml);
  if (parsed.value === undefined || parsed.locator === undefined) return { diagnostics: parsed.diagnostics };
  const locator = parsed.locator;
  const shape = checkCalendarSchema(parsed.value, locator);
  const calendar = shape.calendar;
  if (calendar === undefined) return { diagnostics: shape.diagnostics };
  const diagnostics: Diagnostic[] = [];
  if (!isTimeZone(calendar.timezone)) {
    diagnostics.push(locator.diagnostic(['timezone'], 'error', `'${calendar.timezone}' is not an IANA time zone (such as Asia/Shanghai)`));
  }
  if (calendar.workHours.start >= calendar.workHours.end) {
    diagnostics.push(locator.diagnostic(['workHours'], 'error', `work hours end (${calendar.workHours.end}) must be after they start (${calendar.workHours.start})`, { key: true }));
  }
  for (const key of ['holidays', 'makeupWorkdays'] as const) {
    (calendar[key] ?? []).forEach((date, index) => {
      if (!isRealDate(date)) diagnostics.push(locator.diagnostic([key, index], 'error', `'${date}' is not a real date`));
      else if (calendar.coversUntil !== undefined && date > calendar.coversUntil) {
        diagnostics.push(locator.diagnostic([key, index], 'warning', `${date} is after coversUntil (${calendar.coversUntil}): move coversUntil to the end of the year it lists`));
      }
    });
  }
  if (calendar.coversUntil !== undefined && !isRealDate(calendar.coversUntil)) {
    diagnostics.push(locator.diagnostic(['coversUntil'], 'error', `'${calendar.coversUntil}' is not a real date`));
  }
  const errors = diagnostics.some((d) => d.severity === 'error');
  return errors ? { diagnostics } : { calendar, diagnostics };
}

/** A calendar file as processes see it: its calendar keys under its id, with its published version. */
export function sharedCalendar(file: SharedCalendarFile, version?: number): SharedCalendar {
  const { id, name: _name, ...definition } = file;
  return version === undefined ? { id, definition } : { id, version, definition };
}
