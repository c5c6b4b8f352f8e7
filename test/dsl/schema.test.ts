import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

describe('the shape of a process file', () => {
  it('flags an unknown key at the key itself and suggests the near one', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            lable: Open
            deadline: { within: 24h }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [{ line: 8, column: 5, severity: 'error', message: "unknown key 'lable' (did you mean 'label'?)" }],
    );
  });

  it('lists the allowed keys when an unknown key is not close to any', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            on:
              close: { roles: [agent], to: done, target: x }
          done: { final: true }
      `,
      [{ line: 10, column: 42, severity: 'error', message: "unknown key 'target' (allowed: label, roles, input, if, ifLabel, set, actions, to, use)" }],
    );
  });

  it('reports a missing required key at the mapping that lacks it', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            on:
              close: { to: done }
          done: { final: true }
      `,
      [{ line: 10, column: 7, severity: 'error', message: "missing required key 'roles'" }],
    );
  });

  it('reports missing top-level keys at the first key of the file', () => {
    expectProblems('# a comment first\nid: demo\nname: Demo\n', [
      { line: 2, column: 1, severity: 'error', message: "missing required key 'roles'" },
      { line: 2, column: 1, severity: 'error', message: "missing required key 'data'" },
      { line: 2, column: 1, severity: 'error', message: "missing required key 'initial'" },
      { line: 2, column: 1, severity: 'error', message: "missing required key 'states'" },
    ]);
  });

  it('explains a wrong type, a bad id and a wrong list in words', () => {
    expectProblems(
      yaml`
        id: Demo Process
        name: Demo
        roles: agent
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            on:
              close: { roles: [agent], to: done }
          done: { final: yes }
      `,
      [
        { line: 1, column: 5, severity: 'error', message: "'Demo Process' is not a kebab-case id" },
        { line: 3, column: 8, severity: 'error', message: 'must be a list' },
        { line: 11, column: 18, severity: 'error', message: 'must be true or false' },
      ],
    );
  });

  it('says which form a duration, an expression object and a branch take', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline:
              within: { expr: 5 }
              warn: { at: 5 }
            on:
              close: { roles: [agent], to: [{ iff: x, to: done }] }
          done: { final: true }
      `,
      [
        { line: 9, column: 23, severity: 'error', message: 'must be a string' },
        { line: 10, column: 19, severity: 'error', message: 'must be a duration such as 30m, 4h, 2d, 1w, 3 business days, or { expr' },
        { line: 12, column: 39, severity: 'error', message: "unknown key 'iff' (did you mean 'if'?)" },
      ],
    );
  });

  it('reports a duration that does not parse', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 3 bizness days }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [{ line: 8, column: 25, severity: 'error', message: "'3 bizness days' is not a duration such as 30m, 4h, 2d, 1w, 3 business days" }],
    );
  });

  it('requires an action to be exactly one of notify, start or set, with its companions', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 1d }
            entry:
              - notify: hello
              - notify: hello
                to: [agent]
                set: { x: "1" }
              - {}
              - start: other
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 10, column: 9, severity: 'error', message: "'notify' needs 'to' beside it" },
        { line: 11, column: 9, severity: 'error', message: 'must have exactly one of notify, start or set' },
        { line: 14, column: 9, severity: 'error', message: 'must have exactly one of notify, start or set' },
        { line: 15, column: 9, severity: 'error', message: "'start' needs 'data' beside it" },
      ],
    );
  });

  it('requires a timer to say when it fires, with in or at but not both', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            timers:
              - id: t1
                send: close
              - id: t2
                in: 1h
                at: now
                send: close
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 9, column: 9, severity: 'error', message: 'must have one of in, at or every' },
        { line: 11, column: 9, severity: 'error', message: 'must not have both in and at' },
      ],
    );
  });

  it('checks templates, tier names and calendars for their forms', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 1d }
            on:
              close: { roles: { exp: "x" }, to: done }
          done: { final: true }
        templates:
          a: { subject: x }
          b: { body: x, file: y }
          c: 5
        tiers:
          level-x: { field: level, rows: { blue: { ack: 4h } } }
        calendars:
          cn: { timezone: Asia/Shanghai, workHours: { start: "9:00", end: "18:00" }, workdays: [monday] }
      `,
      [
        { line: 10, column: 16, severity: 'error', message: "missing required key 'expr'" },
        { line: 10, column: 25, severity: 'error', message: "unknown key 'exp' (did you mean 'expr'?)" },
        { line: 13, column: 3, severity: 'error', message: 'must have body or file' },
        { line: 14, column: 3, severity: 'error', message: 'must not have both body and file' },
        { line: 15, column: 6, severity: 'error', message: 'must be template text, or { subject, body } or { file }' },
        { line: 17, column: 3, severity: 'error', message: "'level-x' is not an identifier" },
        { line: 19, column: 54, severity: 'error', message: "'9:00' is not a time of day HH:MM" },
        { line: 19, column: 89, severity: 'error', message: 'must be one of: mon, tue, wed, thu, fri, sat, sun' },
      ],
    );
  });
});
