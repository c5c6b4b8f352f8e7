import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

describe('declared data, tiers and calendars', () => {
  it('reports a tier keyed by a field that is not a data property', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { lvl: { enum: [blue, red] } } }
        tiers:
          level: { field: level, rows: { blue: { ack: 4h }, red: { ack: 30m } } }
        initial: open
        states:
          open:
            deadline: { within: 1d }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [{ line: 6, column: 19, severity: 'error', message: "tier 'level' is keyed by 'level', which is not a data field declared in data.properties (did you mean 'lvl'?)" }],
    );
  });

  it('warns when tier rows and the values of their field differ', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { level: { enum: [blue, red] } } }
        tiers:
          level: { field: level, rows: { blue: { ack: 4h }, yellow: { ack: 2h } } }
        initial: open
        states:
          open:
            deadline: { within: 1d }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [{ line: 6, column: 26, severity: 'warning', message: "rows of tier 'level' (blue, yellow) differ from the values of data.level (blue, red)" }],
    );
  });

  it('reports an unknown time zone, inverted work hours and a date that does not exist', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        calendar: cn
        calendars:
          cn:
            timezone: Mars/Olympus
            workHours: { start: "18:00", end: "09:00" }
            holidays: ["2025-02-30"]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 1d }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 7, column: 15, severity: 'error', message: "'Mars/Olympus' is not an IANA time zone" },
        { line: 8, column: 5, severity: 'error', message: 'work hours end (09:00) must be after they start (18:00)' },
        { line: 9, column: 16, severity: 'error', message: "'2025-02-30' is not a real date" },
      ],
    );
  });

  it('reports a data schema or input schema that is not valid JSON Schema, and required fields not declared', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data:
          required: [unit, budjet]
          properties:
            unit: { type: text }
            budget: { type: number }
        initial: open
        states:
          open:
            deadline: { within: 1d }
            on:
              close: { roles: [agent], to: done, input: { properties: { n: { minimum: "zero" } } } }
          done: { final: true }
      `,
      [
        { line: 4, column: 1, severity: 'error', message: 'data is not a valid JSON Schema' },
        { line: 5, column: 20, severity: 'error', message: "required field 'budjet' is not declared in data.properties (did you mean 'budget'?)" },
        { line: 14, column: 42, severity: 'error', message: "input of event 'close' is not a valid JSON Schema" },
      ],
    );
  });
});
