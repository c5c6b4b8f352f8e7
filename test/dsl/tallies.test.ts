import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

describe('tallies', () => {
  it('accepts a tally and types its count and cases in expressions', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { unit: { type: string }, category: { type: string } } }
        tallies:
          batch: { match: [unit, category], within: 24h }
        initial: open
        states:
          open:
            deadline: { within: 1d }
            entry:
              - set: { category: '"batch " + string(data.batch.count) + " " + data.batch.cases[0]' }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [],
    );
  });

  it('refuses a tally named like a data field, one without a window, and an undeclared match field, at their lines', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { unit: { type: string }, customer: { properties: { phone: { type: string } } } } }
        tallies:
          unit: { match: [unit], since: month }
          recent: { match: [customer.phon] }
        initial: open
        states:
          open:
            deadline: { within: 1d }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 6, column: 3, severity: 'error', message: "tally 'unit' would overwrite the data field" },
        { line: 7, column: 3, severity: 'error', message: "tally 'recent' needs exactly one window" },
        { line: 7, column: 21, severity: 'error', message: "data field 'customer.phon' is not declared in data.properties (did you mean 'phone'?)" },
      ],
    );
  });
});
