import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

describe('deadlines, timers and calendars', () => {
  it('refuses a warning at or after the deadline and an escalation after it', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        deadlines:
          close:
            within: 3d
            warn: { at: 3d }
            escalate:
              - at: 2d
              - at: 3d
              - at: 4d
        initial: open
        states:
          open:
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 8, column: 17, severity: 'error', message: 'the warning at 3d is at the deadline itself (within: 3d)' },
        { line: 12, column: 13, severity: 'error', message: 'escalation 3 at 4d is after the deadline itself (within: 3d)' },
      ],
    );
  });

  it('compares business durations in working days of the calendar', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        calendar: cn
        calendars:
          cn: { timezone: Asia/Shanghai, workHours: { start: "09:00", end: "17:00" } }
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline:
              within: 2 business days
              warn: { at: 8 business hours }
              escalate: [{ at: 17 business hours }]
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [{ line: 14, column: 24, severity: 'error', message: 'escalation 1 at 17 business hours is after the deadline itself (within: 2 business days)' }],
    );
  });

  it('warns when a mark counts calendar time on a business deadline, or business time on a calendar one', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        calendar: cn
        calendars:
          cn: { timezone: Asia/Shanghai, workHours: { start: "09:00", end: "18:00" } }
        data: { properties: {} }
        deadlines:
          close:
            within: 3d
            warn: { at: 2 business days }
        initial: open
        states:
          open:
            deadline:
              within: 3 business days
              warn: { at: 16h }
              escalate: [{ at: 2 business days }, { at: 20 business hours }]
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        {
          line: 11,
          column: 17,
          severity: 'warning',
          message: "the warning at 2 business days counts business time, but the deadline counts calendar time (within: 3d): the mark is measured on the deadline's clock as calendar time",
        },
        {
          line: 17,
          column: 19,
          severity: 'warning',
          message: "the warning at 16h counts calendar time, but the deadline counts business time (within: 3 business days): the mark is measured on the deadline's clock as business time; write both in the same kind of time",
        },
      ],
    );
  });

  it('knows the kind of time of a setting or tier column used as a duration', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        calendar: cn
        calendars:
          cn: { timezone: Asia/Shanghai, workHours: { start: "09:00", end: "18:00" } }
        settings: { reviewWithin: 3 business days, remindAt: 1 business day, lateAt: 20h }
        data: { properties: { level: { enum: [blue, red] } } }
        tiers:
          level:
            field: level
            rows:
              blue: { ack: 4h, warn: 3h, odd: 1 business day }
              red: { ack: 30m, warn: 20m, odd: 2h }
        initial: open
        states:
          open:
            deadline:
              within: { expr: tiers.level.ack }
              warn: { at: { expr: tiers.level.warn } }
              escalate: [{ at: { expr: settings.remindAt } }, { at: { expr: tiers.level.odd } }]
            on:
              review: { roles: [agent], to: review }
          review:
            deadline:
              within: { expr: settings.reviewWithin }
              warn: { at: { expr: settings.remindAt } }
              escalate: [{ at: { expr: settings.lateAt } }]
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 21, column: 24, severity: 'warning', message: 'escalation 1 at { expr: settings.remindAt } counts business time, but the deadline counts calendar time (within: { expr: tiers.level.ack })' },
        { line: 28, column: 24, severity: 'warning', message: 'escalation 1 at { expr: settings.lateAt } counts calendar time, but the deadline counts business time (within: { expr: settings.reviewWithin })' },
      ],
    );
  });

  it('needs a calendar for business durations', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 3 business days }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [{ line: 8, column: 25, severity: 'error', message: "'3 business days' counts business time but no calendar applies" }],
    );
  });

  it('reports calendar names that are not declared', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        calendar: office
        calendars:
          cn: { timezone: Asia/Shanghai, workHours: { start: "09:00", end: "18:00" } }
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 1 business day, calendar: c }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 4, column: 11, severity: 'error', message: "calendar 'office' is not declared in calendars" },
        { line: 11, column: 51, severity: 'error', message: "calendar 'c' is not declared in calendars" },
      ],
    );
  });

  it('refuses a repeating timer without max: unbounded reminders', () => {
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
              - id: nag
                every: 4h
                send: close
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [{ line: 10, column: 9, severity: 'error', message: "timer 'nag' repeats every 4h without max: unbounded reminders" }],
    );
  });

  it("requires a timer's at to be a timestamp expression", () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { slot: { type: string } } }
        initial: open
        states:
          open:
            timers:
              - id: call
                at: data.slot
                send: close
              - id: call-early
                at: timestamp(data.slot) - duration("48h")
                send: close
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [{ line: 10, column: 13, severity: 'error', message: "'at' must give a timestamp, such as timestamp(data.slot) - duration(\"48h\"), but this expression gives text (string)" }],
    );
  });

  it('refuses sending an event no state accepts, and accepts starting another process', () => {
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
              - id: remind
                in: 1h
                send: clsoe
            deadline:
              within: 1d
              breach:
                send: escalate
                actions: [{ start: complaint-handling, data: {} }]
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 11, column: 15, severity: 'error', message: "sends event 'clsoe', but no state accepts 'clsoe' (did you mean 'close'?)" },
        { line: 15, column: 15, severity: 'error', message: "sends event 'escalate', but no state accepts 'escalate'" },
      ],
    );
  });

  it('reports duplicate timer ids and timers that do nothing', () => {
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
              - { id: t, in: 1h, max: 3, send: close }
              - { id: t, in: 2h }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 9, column: 26, severity: 'warning', message: "timer 't' has max but no every: it fires once" },
        { line: 10, column: 9, severity: 'warning', message: "timer 't' does nothing when it fires" },
        { line: 10, column: 15, severity: 'error', message: "timer id 't' is used twice in state 'open'" },
      ],
    );
  });

  it('reports a process deadline naming a state that does not exist', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        deadlines:
          close: { within: 3d, activeIn: [open, opne], pausedIn: [waiting] }
        initial: open
        states:
          open:
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 6, column: 41, severity: 'error', message: "activeIn names 'opne', which is not a state (did you mean 'open'?)" },
        { line: 6, column: 59, severity: 'error', message: "pausedIn names 'waiting', which is not a state" },
      ],
    );
  });
});
