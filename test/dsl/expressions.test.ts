import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

const HEAD = yaml`
  id: demo
  name: Demo
  roles: [agent]
  settings: { limit: 200, tz: Asia/Shanghai }
  data:
    properties:
      budget: { type: number }
      slot: { type: string, format: date-time }
      customer: { type: object, properties: { tier: { type: string } } }
  initial: open
  states:
    done: { final: true }
    open:
      deadline: { within: 24h }
      on:
        close:
          roles: [agent]
          to: done
`;

/** The HEAD process (lines 1–18) with more keys for the `close` event, from line 19 on. */
const withClose = (lines: string): string => HEAD + lines.replace(/^/gm, '        ').replace(/ +$/, '');

describe('CEL expressions', () => {
  it('reports a data field that is not declared, at the field, with the close name', () => {
    expectProblems(withClose('if: data.budjet > settings.limit\n'), [
      { line: 19, column: 18, severity: 'error', message: "data field 'budjet' is not declared in data.properties (did you mean 'budget'?)" },
    ]);
  });

  it('reports a nested data field that is not declared', () => {
    expectProblems(withClose('if: data.customer.tyer == "gold"\n'), [
      { line: 19, column: 27, severity: 'error', message: "data field 'customer.tyer' is not declared in the properties of 'customer' (did you mean 'tier'?)" },
    ]);
  });

  it("checks input fields against the event's input schema", () => {
    expectProblems(withClose('input: { properties: { amount: { type: number } } }\nset: { budget: input.amout }\n'), [
      { line: 20, column: 30, severity: 'error', message: "input field 'amout' is not declared in this event's input (did you mean 'amount'?)" },
    ]);
  });

  it('reports input used outside an event', () => {
    expectProblems(
      HEAD.replace('    deadline: { within: 24h }\n', '    deadline: { within: 24h }\n    entry:\n      - set: { budget: input.amount }\n'),
      [{ line: 16, column: 24, severity: 'error', message: 'input is only available in the expressions of an event' }],
    );
  });

  it('reports settings and tiers that are not declared', () => {
    expectProblems(withClose('if: settings.limt > 1 && tiers.level.x == 1\n'), [
      { line: 19, column: 22, severity: 'error', message: "setting 'limt' is not declared in settings (did you mean 'limit'?)" },
      { line: 19, column: 40, severity: 'error', message: "tier 'level' is not declared in tiers" },
    ]);
  });

  it('points into a folded multi-line expression at the misspelt field', () => {
    expectProblems(withClose('if: >-\n  data.budget > 1.0\n  && data.budjet < 9.0\n'), [
      { line: 21, column: 19, severity: 'error', message: "data field 'budjet' is not declared" },
    ]);
  });

  it('reports an expression that does not parse, where it breaks', () => {
    expectProblems(withClose('if: "data.budget >"\n'), [
      { line: 19, column: 27, severity: 'error', message: 'expression does not parse: Unexpected token: EOF' },
    ]);
  });

  it('reports an expression that does not type-check', () => {
    expectProblems(withClose('if: data.budget + "x" > 1.0\n'), [
      { line: 19, column: 13, severity: 'error', message: 'expression does not type-check: no such overload: double + string' },
    ]);
  });

  it('lets whole numbers and numbers mix in arithmetic, as the compiler evaluates them', () => {
    expectProblems(withClose('if: data.budget <= data.budget * (1 + settings.limit) - 1\n'), []);
  });

  it('requires a condition to give true or false', () => {
    expectProblems(withClose('if: data.budget * 2.0\n'), [
      { line: 19, column: 13, severity: 'error', message: 'a condition must give true or false, but this expression gives a number (double)' },
    ]);
  });

  it('refuses set on a field that is not declared, at its key', () => {
    expectProblems(withClose('set: { bugdet: "1.0" }\n'), [
      { line: 19, column: 16, severity: 'error', message: "set writes 'bugdet', which is not a data field declared in data.properties (did you mean 'budget'?)" },
    ]);
  });

  it('refuses set with a value of the wrong type for its field', () => {
    expectProblems(withClose('set: { budget: \'"text"\' }\n'), [
      { line: 19, column: 24, severity: 'error', message: "data field 'budget' holds a number (double), but this expression gives text (string)" },
    ]);
  });

  it('checks guards of branches and the data of a started case', () => {
    expectProblems(
      HEAD.replace(
        '        to: done\n',
        '        to:\n          - if: data.slto != ""\n            to: done\n        actions:\n          - start: complaint-handling\n            data: { origin: case.idd }\n',
      ),
      [
        { line: 19, column: 22, severity: 'error', message: "data field 'slto' is not declared in data.properties (did you mean 'slot'?)" },
        { line: 23, column: 34, severity: 'error', message: "case has no field 'idd' (fields: id, process, version)" },
      ],
    );
  });

  it('accepts timestamps computed from data, settings in functions, and actor roles', () => {
    expectProblems(
      withClose(
        'if: >-\n  timestamp(data.slot) - duration("48h") > now\n  && timestamp(data.slot).getHours(settings.tz) >= 9\n  && "agent" in actor.roles\nset: { budget: data.budget * 1.1 }\n',
      ),
      [],
    );
  });

  it('checks the if of an action like a guard, with the input of its event, at its position', () => {
    expectProblems(
      withClose(
        'input: { properties: { amount: { type: number } } }\nactions:\n  - set: { budget: input.amount }\n    if: input.amount > data.budjet\n  - set: { budget: "1.0" }\n    if: data.budget * 2.0\n',
      ),
      [
        { line: 22, column: 37, severity: 'error', message: "data field 'budjet' is not declared in data.properties (did you mean 'budget'?)" },
        { line: 24, column: 17, severity: 'error', message: 'a condition must give true or false, but this expression gives a number (double)' },
      ],
    );
  });

  it('accepts an if on notify, start and set actions of entry, events and deadline marks', () => {
    expectProblems(
      HEAD.replace(
        '    deadline: { within: 24h }\n',
        [
          '    entry:',
          '      - set: { budget: "0.0" }',
          '        if: "!has(data.budget)"',
          '    deadline:',
          '      within: 24h',
          '      breach:',
          '        actions:',
          '          - notify: late',
          '            if: data.budget > settings.limit',
          '            to: [agent]',
          '          - start: complaint-handling',
          '            if: data.customer.tier == "gold"',
          '            data: { origin: case.id }',
          '',
        ].join('\n'),
      ) + 'templates:\n  late: "{{data.budget}}"\n',
      [],
    );
  });
});
