import { describe, expect, it } from 'vitest';
import calendarSchema from '../../schema/calendar.schema.json' with { type: 'json' };
import processSchema from '../../schema/process.schema.json' with { type: 'json' };
import { parseCalendar, parseProcess, sharedCalendar, type CalendarLibrary } from '../../engine/dsl/index.js';
import { expectDiagnostics, yaml } from './helpers.js';

const CALENDAR = yaml`
  id: office
  name: 办公日 Office days
  timezone: Asia/Shanghai
  workHours: { start: "09:00", end: "18:00" }
  coversUntil: 2026-12-31
  holidays: [2026-10-01]
  makeupWorkdays: [2026-10-10]
`;

const PROCESS = yaml`
  id: demo
  name: Demo
  roles: [agent]
  calendar: office
  data: { properties: {} }
  initial: open
  states:
    open:
      deadline: { within: 5 business days }
      on: { close: { roles: [agent], to: done } }
    done: { final: true }
`;

function library(text = CALENDAR, version = 3): CalendarLibrary {
  const { calendar } = parseCalendar(text);
  if (!calendar) throw new Error('the calendar does not validate');
  return { [calendar.id]: sharedCalendar(calendar, version) };
}

/** Epoch ms of a China-local wall time. */
const beijing = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);

describe('shared calendars in the definition language', () => {
  it('copies a shared calendar a process names into its calendars, and reports the version it took', () => {
    const parsed = parseProcess(PROCESS, {}, {}, { calendars: library(), now: beijing('2026-11-02 10:00') });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.calendarVersions).toEqual({ office: 3 });
    expect(parsed.definition?.calendars?.office).toMatchObject({ timezone: 'Asia/Shanghai', holidays: ['2026-10-01'], makeupWorkdays: ['2026-10-10'] });
  });

  it('warns at the deadline when it would end after the last date the calendar covers', () => {
    // Monday 28 December: the fifth working day after it is Monday 4 January 2027.
    const { diagnostics, definition } = parseProcess(PROCESS, {}, {}, { calendars: library(), now: beijing('2026-12-28 10:00') });
    expect(definition).toBeDefined();
    expectDiagnostics(diagnostics, [
      { line: 9, column: 25, severity: 'warning', message: '5 business days from 2026-12-28 ends after 2026-12-31, the last date calendar office lists holidays for' },
    ]);
    // Three days earlier it still ends within the year.
    expect(parseProcess(PROCESS, {}, {}, { calendars: library(), now: beijing('2026-12-21 10:00') }).diagnostics).toEqual([]);
  });

  it('reports a calendar that is neither declared nor shared at the name', () => {
    expectDiagnostics(parseProcess(PROCESS.replace('calendar: office', 'calendar: ofice'), {}, {}, { calendars: library() }).diagnostics, [
      { line: 4, column: 11, severity: 'error', message: "calendar 'ofice' is not declared in calendars nor published as a shared calendar (calendars/ofice.yaml)" },
    ]);
  });

  it('checks a calendar file: shape, dates and holidays past coversUntil, at line and column', () => {
    expectDiagnostics(parseCalendar(CALENDAR.replace('[2026-10-01]', '[2026-10-01, 2027-01-01, 2026-02-30]')).diagnostics, [
      { line: 6, column: 24, severity: 'warning', message: '2027-01-01 is after coversUntil (2026-12-31)' },
      { line: 6, column: 36, severity: 'error', message: "'2026-02-30' is not a real date" },
    ]);
    expectDiagnostics(parseCalendar(CALENDAR.replace('id: office\n', '')).diagnostics, [
      { line: 1, column: 1, severity: 'error', message: "missing required key 'id'" },
    ]);
  });
});

describe('the calendar file schema', () => {
  it('has the keys of a process calendar, besides its id, name and $schema', () => {
    const { id: _id, name: _name, $schema: _schema, ...keys } = calendarSchema.properties;
    expect(keys).toEqual(processSchema.definitions.calendar.properties);
    expect(calendarSchema.required).toEqual(['id', 'name', ...processSchema.definitions.calendar.required]);
  });
});
