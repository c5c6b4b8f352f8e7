import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

/** A process whose first-reply time comes from a map setting; `within` is on line 17. */
const process = (within: string, settings = '{ billing: 12h, network: 24h, other: 24h }'): string => yaml`
  id: demo
  name: Demo
  roles: [agent]
  settings:
    firstReplyWithin: ${settings}
    priorityUnits: [east, west]
    limits: { east: 200, west: 150 }
  data:
    properties:
      category: { enum: [billing, network, other] }
      unit: { type: string }
      amount: { type: integer }
  initial: open
  states:
    open:
      deadline:
        within: ${within}
      on:
        close:
          roles: [agent]
          if: data.unit in settings.priorityUnits && data.amount <= settings.limits[data.unit] + settings.limits.east
          to: done
    done: { final: true }
`;

describe('settings that are lists and maps', () => {
  it('types a map by its values, so a lookup by a data field gives a duration text', () => {
    expectProblems(process('{ expr: "settings.firstReplyWithin[data.category]" }'), []);
  });

  it('warns at the lookup when the map lacks a key the enum field may hold', () => {
    expectProblems(process('{ expr: "settings.firstReplyWithin[data.category]" }', '{ billing: 12h, network: 24h }'), [
      {
        line: 17,
        column: 24,
        severity: 'warning',
        message: "settings.firstReplyWithin has no key for 'other', which data.category may hold: such a case fails here",
      },
    ]);
  });

  it('does not warn when the expression checks the key first', () => {
    expectProblems(
      process(`{ expr: 'data.category in settings.firstReplyWithin ? settings.firstReplyWithin[data.category] : "24h"' }`, '{ billing: 12h }'),
      [],
    );
  });

  it('reports a key the map does not have, with the near one', () => {
    expectProblems(process('{ expr: "settings.firstReplyWithin.biling" }'), [
      { line: 17, column: 50, severity: 'error', message: "setting 'firstReplyWithin' has no key 'biling' (did you mean 'billing'?) (keys: billing, network, other)" },
    ]);
  });

  it('refuses a map value that is not a single value of the right kind for its place', () => {
    expectProblems(process('{ expr: "settings.limits[data.unit]" }'), [
      { line: 17, column: 23, severity: 'error', message: 'a duration expression must give a duration text such as "4h", but this one gives a whole number (int)' },
    ]);
  });

  it('refuses settings nested deeper than a list or map of single values', () => {
    expectProblems(process('24h', '{ billing: { vip: 12h } }'), [
      { line: 5, column: 32, severity: 'error', message: "must be a string, number or boolean (a setting's lists and maps hold single values)" },
    ]);
  });
});
