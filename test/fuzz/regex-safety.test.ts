/**
 * Patterns in a process's schemas that could stall the server (exponential backtracking) are
 * refused when the process is validated; ordinary patterns pass.
 */
import { describe, expect, it } from 'vitest';
import { parseProcess } from '../../engine/dsl/index.js';
import { hasNestedRepetition } from '../../engine/dsl/regex-safety.js';

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

describe('patterns that take exponential time', () => {
  it.each(['(a+)+$', '^(a+)+$', '(\\w*\\s?)*$', '(a|b+){2,}', '(?:x+y?)*z', '^(([a-z])+.)+[A-Z]([a-z])+$', '(a{1,9})+'])('finds nested repetition in %s', (pattern) => {
    expect(hasNestedRepetition(pattern)).toBe(true);
  });

  it.each(['^[0-9+ -]{5,20}$', '(ab)+', '(a+)?', '\\(a+\\)+', '[(a+)]+', '^\\d{4}-\\d{2}-\\d{2}$', '(a{1})+', '^[A-Z][a-z]+( [A-Z][a-z]+)?$'])('lets %s through', (pattern) => {
    expect(hasNestedRepetition(pattern)).toBe(false);
  });

  it('refuses a process whose data schema has such a pattern, at the pattern', () => {
    const errors = parseProcess(processWith('^(a+)+$')).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 4, path: 'data.properties.code.pattern' });
    expect(errors[0].message).toMatch(/repeats a group that itself repeats/);
  });

  it('accepts a process with an ordinary pattern', () => {
    expect(parseProcess(processWith('^[A-Z]{2}\\d{6}$')).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
