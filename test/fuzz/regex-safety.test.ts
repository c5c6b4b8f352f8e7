/**
 * Patterns in a process's schemas run in RE2 (linear time), so the patterns that stall a
 * backtracking engine are harmless; the few RE2 cannot run (backreferences, lookaround) are
 * refused when the process is validated, at the pattern, in plain words.
 */
import { describe, expect, it } from 'vitest';
import { parseProcess } from '../../engine/dsl/index.js';
import { linearRegExp, regExpProblem } from '../../engine/dsl/regex-safety.js';

const processWith = (pattern: string) => `id: patterns
name: Patterns
roles: [agent]
data: { type: object, properties: { code: { type: string, pattern: ${JSON.stringify(pattern)} } } }
initial: open
states:
  open:
    on:
      close: { roles: [agent], to: done }
  done: { final: true }
`;

const errorsOf = (yaml: string) => parseProcess(yaml).diagnostics.filter((d) => d.severity === 'error');

describe('patterns that take exponential time in a backtracking engine', () => {
  it.each(['(a+)+$', '^(a|a)+$', '^(a|aa)+$', '^(\\w*\\s?)*$', '^(([a-z])+.)+[A-Z]([a-z])+$'])('rejects a long near-miss against %s at once', (pattern) => {
    expect(linearRegExp(pattern).test(`${'a'.repeat(5000)}!`)).toBe(false);
  });

  it.each(['^[0-9+ -]{5,20}$', '\\S', '^\\d{4}-\\d{2}-\\d{2}$', '^[A-Z][a-z]+( [A-Z][a-z]+)?$', '\\p{Han}+', '(?<area>\\d{3})-\\d{4}'])('runs %s', (pattern) => {
    expect(regExpProblem(pattern)).toBeUndefined();
  });

  it('matches as JavaScript does for ordinary patterns', () => {
    expect(linearRegExp('^[0-9+ -]{5,20}$').test('+86 10 1234')).toBe(true);
    expect(linearRegExp('^[0-9+ -]{5,20}$').test('12ab5')).toBe(false);
    expect(linearRegExp('\\S').test('   ')).toBe(false);
  });

  it.each([
    ['(a)\\1', /refers back to a group \(\\1\)/],
    ['^(?=a)a$', /looks around \(\(\?=…\)/],
    ['^(?<!x)a$', /looks around/],
    ['a{1001}', /repetition count is above 1000/],
    ['(unclosed', /a group is not closed/],
  ])('explains why %s cannot be used', (pattern, reason) => {
    expect(regExpProblem(pattern)).toMatch(reason);
  });

  it('accepts a process whose pattern only a backtracking engine would stall on', () => {
    expect(errorsOf(processWith('^(a+)+$'))).toEqual([]);
  });

  it('refuses a process with a backreference, at the pattern', () => {
    const errors = errorsOf(processWith('^(a)\\1$'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 4, column: 68, path: 'data.properties.code.pattern' });
    expect(errors[0].message).toMatch(/^pattern '\^\(a\)\\1\$' cannot be used: it refers back to a group/);
  });

  it('refuses lookaround in a patternProperties name of an event input, at the name', () => {
    const yaml = processWith('^a$').replace('close: { roles: [agent], to: done }', 'close: { roles: [agent], to: done, input: { type: object, patternProperties: { "^(?!x)": { type: string } } } }');
    const errors = errorsOf(yaml);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('states.open.on.close.input.patternProperties.^(?!x)');
    expect(errors[0].message).toMatch(/looks around/);
  });
});
