import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

const HEAD = yaml`
  id: demo
  name: Demo
  roles: [agent]
  settings: { codes: [a, b, c] }
  data:
    properties:
      open: { type: array, items: { type: string } }
      small: { type: array, maxItems: 100, items: { type: string } }
      large: { type: array, maxItems: 200, items: { type: string } }
      code: { type: string }
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

/** The HEAD process (lines 1–19) with a condition on the `close` event, on line 20. */
const withCondition = (expression: string): string => `${HEAD}        if: '${expression}'\n`;

describe('the cost of an expression', () => {
  it('accepts one comprehension over a list without maxItems', () => {
    expectProblems(withCondition('data.open.exists(x, x == "a")'), []);
  });

  it('refuses nested comprehensions over a list without maxItems, reckoned at 1,000 items, at the outer one', () => {
    expectProblems(withCondition('data.open.exists(a, data.open.exists(b, a == b))'), [
      {
        line: 20, column: 14, severity: 'error',
        message: "exists() could take 1,001,000 steps (data.open has no maxItems, so it is reckoned at 1,000 items, each step running what is inside); at most 50,000 are allowed: declare a smaller maxItems on the lists it goes through, or do not nest one list's comprehension inside another's",
      },
    ]);
  });

  it('accepts two levels over lists of at most 100 and 200 items', () => {
    expectProblems(withCondition('data.small.all(a, data.large.exists(b, a == b))'), []);
  });

  it('refuses three levels over a 200-item list', () => {
    expectProblems(withCondition('data.large.exists(a, data.large.exists(b, data.large.exists(c, a == c)))'), [
      { line: 20, column: 14, severity: 'error', message: 'exists() could take 8,040,200 steps (data.large may hold 200 items' },
    ]);
  });

  it('reckons settings and literal lists by their length', () => {
    expectProblems(withCondition('settings.codes.exists(c, ["x", "y"].exists(d, data.open.exists(o, o == c + d)))'), []);
  });

  it('follows lists made by map(), filter(), + and cel.bind()', () => {
    expectProblems(withCondition('data.large.map(a, data.large + data.large).exists(l, l.exists(b, b == "x"))'), [
      { line: 20, column: 14, severity: 'error', message: 'exists() could take 80,400 steps (this list may hold 200 items' },
    ]);
    expectProblems(withCondition('cel.bind(both, data.large + data.large, both.exists(a, both.exists(b, a == b)))'), [
      { line: 20, column: 54, severity: 'error', message: 'exists() could take 160,400 steps (this list may hold 400 items' },
    ]);
    expectProblems(withCondition('data.small.filter(a, a != "").exists(a, data.large.exists(b, a == b))'), []);
  });

  it('refuses a matches() pattern RE2 cannot run, at the pattern', () => {
    expectProblems(withCondition('data.code.matches("^(?=a)a$")'), [
      { line: 20, column: 32, severity: 'error', message: "pattern '^(?=a)a$' cannot be used: it looks around" },
    ]);
  });

  it('refuses a matches() pattern that is not quoted text', () => {
    expectProblems(withCondition('data.code.matches(data.code)'), [
      { line: 20, column: 32, severity: 'error', message: 'matches() takes its pattern as quoted text' },
    ]);
  });

  it('accepts a matches() pattern only a backtracking engine would stall on', () => {
    expectProblems(withCondition('data.code.matches("^(a|aa)+$")'), []);
  });
});
