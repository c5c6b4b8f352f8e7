import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

describe('a deadline that runs only while a condition holds', () => {
  it('accepts a condition on a process deadline', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { severity: { enum: [normal, major] } } }
        deadlines:
          rapid:
            if: data.severity == "major"
            within: 5m
        initial: open
        states:
          open:
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [],
    );
  });

  it('refuses a condition on a state deadline, and a typo in one, at their lines', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { severity: { enum: [normal, major] } } }
        deadlines:
          rapid:
            if: data.severty == "major"
            within: 5m
        initial: open
        states:
          open:
            deadline: { within: 1h, if: data.severity == "major" }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 7, column: 14, severity: 'error', message: "data field 'severty' is not declared" },
        { line: 12, column: 33, severity: 'error', message: 'process deadlines only' },
      ],
    );
  });
});
