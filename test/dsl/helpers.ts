/** Helpers for the definition-language tests: readable YAML in tests, and diagnostic lookups. */
import { expect } from 'vitest';
import type { Diagnostic } from '../../engine/dsl/diagnostic.js';
import { validateProcess } from '../../engine/dsl/index.js';

/** Strips the indentation common to all lines (and the first empty line) of a template literal. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** A small valid process; its lines are numbered in the comments for the tests that edit it. */
export const VALID = yaml`
  id: demo
  name: 演示 Demo
  roles: [agent, team-lead]
  data:
    type: object
    properties:
      budget: { type: number }
      unit: { type: string }
  initial: open
  states:
    open:
      deadline: { within: 24h }
      on:
        close: { roles: [agent], to: done }
    done: { final: true }
`;

/** Expected fields of one diagnostic: exact position and severity, message substring. */
export interface Expected {
  line: number;
  column: number;
  severity: Diagnostic['severity'];
  message: string;
}

/** Asserts that `diagnostics` are exactly the expected ones (in order). */
export function expectDiagnostics(diagnostics: Diagnostic[], expected: Expected[]): void {
  expect(diagnostics.map(({ line, column, severity, message }) => ({ line, column, severity, message }))).toEqual(
    expected.map(({ line, column, severity, message }) => ({ line, column, severity, message: expect.stringContaining(message) })),
  );
}

/** Validates `source` and asserts it gets exactly the expected diagnostics. */
export function expectProblems(source: string, expected: Expected[], files: Record<string, string> = {}): Diagnostic[] {
  const diagnostics = validateProcess(source, files);
  expectDiagnostics(diagnostics, expected);
  return diagnostics;
}
