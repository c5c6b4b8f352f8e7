import { describe, expect, it } from 'vitest';
import { ExpressionOverBudget } from '../../engine/compile/expression-guard.js';
import { ExpressionCompiler, type ExpressionScope } from '../../engine/compile/expressions.js';
import { MAX_EXPRESSION_STEPS } from '../../engine/dsl/expression-cost.js';
import { as, process } from './helpers.js';

const compiler = new ExpressionCompiler(
  process({
    initial: 'open',
    states: { open: {} },
    data: { type: 'object', properties: { items: { type: 'array', items: { type: 'string' } }, code: { type: 'string' } } },
  }),
  1,
);
const scope = (data: Record<string, unknown>): ExpressionScope => ({ data, actor: as('agent'), now: Date.UTC(2024, 4, 1), caseId: 'case-1' });
const items = (count: number) => Array.from({ length: count }, (_, i) => `item-${i}`);
const run = (source: string, data: Record<string, unknown>) => compiler.compile(source).value(scope(data));

describe('CEL evaluation within a step budget', () => {
  it('counts one step per item: a list of exactly the budget passes, one item more is stopped', () => {
    expect(run('data.items.all(x, x != "")', { items: items(MAX_EXPRESSION_STEPS) })).toBe(true);
    expect(() => run('data.items.all(x, x != "")', { items: items(MAX_EXPRESSION_STEPS + 1) })).toThrow(ExpressionOverBudget);
  });

  it('counts the steps of nested comprehensions together, and says which expression was stopped', () => {
    const nested = 'data.items.exists(a, data.items.exists(b, data.items.exists(c, a + b + c == "none")))';
    expect(() => run(nested, { items: items(200) })).toThrow(`The expression ${nested} took more than 50,000 steps`);
    expect(run(nested, { items: items(20) })).toBe(false);
  });

  it('stops an evaluation even where CEL would swallow the error (|| true)', () => {
    const error = (() => {
      try {
        run('data.items.exists(a, data.items.exists(b, a == b + "x")) || true', { items: items(1_000) });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ExpressionOverBudget);
    expect(error).toMatchObject({ code: 'invalid-input' });
  });

  it('throws from a condition instead of judging it false', () => {
    const condition = compiler.compile('data.items.exists(x, x == "never")');
    expect(condition.holds(scope({ items: items(10) }))).toBe(false);
    expect(() => condition.holds(scope({ items: items(MAX_EXPRESSION_STEPS + 1) }))).toThrow(ExpressionOverBudget);
  });

  it('gives every evaluation a fresh budget', () => {
    const expression = compiler.compile('data.items.all(x, x != "")');
    for (let i = 0; i < 5; i++) expect(expression.value(scope({ items: items(MAX_EXPRESSION_STEPS / 2) }))).toBe(true);
  });

  it('runs matches() in RE2: a near-miss that backtracks exponentially in JavaScript is judged at once', () => {
    expect(run('data.code.matches("^(a|aa)+$")', { code: `${'a'.repeat(5_000)}b` })).toBe(false);
    expect(run('data.code.matches("^(a|aa)+$")', { code: 'a'.repeat(5_000) })).toBe(true);
    expect(run('data.code.matches("[0-9]{3}")', { code: 'room 101' })).toBe(true);
  });
});
