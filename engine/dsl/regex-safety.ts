/**
 * Regular expressions written by process owners (JSON Schema `pattern` and `patternProperties`,
 * CEL `matches()`) run in RE2, whose matching time grows linearly with the input. JavaScript's
 * backtracking engine needs about 2^n steps to reject `aaaa…b` against `^(a|aa)+$`, so one
 * short input could stall the server; RE2 has no such patterns. What it gives up for that
 * (backreferences such as `\1`, lookaround such as `(?=…)`) a process cannot use.
 */
import { createRequire } from 'node:module';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import type { RE2 } from 're2-wasm';

/** RE2's WebAssembly module, loaded when the first pattern is compiled. */
let engine: typeof RE2 | undefined;

function re2(): typeof RE2 {
  if (engine === undefined) {
    const loaded: { RE2: typeof RE2 } = createRequire(import.meta.url)('re2-wasm');
    engine = loaded.RE2;
  }
  return engine;
}

/**
 * Compiled patterns by source. RE2 lives in WebAssembly memory that JavaScript's collector does
 * not free, so each distinct pattern is compiled once and kept.
 */
const compiled = new Map<string, RE2>();

/** A linear-time regular expression for `source` (Unicode mode); throws `SyntaxError` when RE2 cannot run it. */
export function linearRegExp(source: string): RE2 {
  let regExp = compiled.get(source);
  if (regExp === undefined) {
    regExp = new (re2())(source, 'u');
    compiled.set(source, regExp);
  }
  return regExp;
}

/** ajv's `code.regExp` option: every schema pattern ajv compiles runs in RE2. */
export const linearRegExpEngine: RegExpEngine = Object.assign((source: string) => linearRegExp(source), {
  // Only used by ajv's standalone code generation, which Caseflow does not use.
  code: 'linearRegExp',
});

/** Why RE2 cannot run `source`, in plain words; undefined when it can. */
export function regExpProblem(source: string): string | undefined {
  try {
    linearRegExp(source);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const prefix = `Invalid regular expression: /${source}/u: `;
    const reason = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    return `pattern '${source}' cannot be used: ${explain(reason)}. Patterns are matched in time proportional to the text, which rules out backreferences (\\1) and lookaround ((?=…), (?!…), (?<=…), (?<!…))`;
  }
}

/** RE2's reason, said for a process owner. */
function explain(reason: string): string {
  const [kind, detail = ''] = reason.split(/: (.*)/s);
  if (kind === 'invalid escape sequence' && /^\\[1-9k]/.test(detail)) return `it refers back to a group (${detail})`;
  if (kind === 'invalid perl operator' && /^\(\?[<=!]/.test(detail)) return `it looks around (${detail}…)`;
  if (kind === 'missing )') return `a group is not closed (${detail})`;
  if (kind === 'unexpected )') return `a ')' closes no group (${detail})`;
  if (kind === 'invalid repetition size') return `a repetition count is above 1000 (${detail})`;
  return reason;
}
