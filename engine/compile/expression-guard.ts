/**
 * Bounds of a compiled CEL program at run time. The validator refuses expressions that could
 * take more than `MAX_EXPRESSION_STEPS` (engine/dsl/expression-cost.ts); here every
 * comprehension step is counted, so no data (a list longer than reckoned, a definition that
 * skipped validation) can make one evaluation run longer, and `matches()` runs in RE2.
 *
 * cel-js has no evaluation limits of its own (its `limits` bound parsing), so the checked syntax
 * tree is instrumented: a comprehension's step node and a `matches` call get their own
 * `evaluate`. The tests of this file fail if a cel-js release changes that shape.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { MAX_EXPRESSION_STEPS } from '../dsl/expression-cost.js';
import { linearRegExp } from '../dsl/regex-safety.js';
import { CaseflowError } from '../errors.js';

/** An evaluation that went past its step budget. */
export class ExpressionOverBudget extends CaseflowError {
  constructor(source: string) {
    super('invalid-input', `The expression ${source} took more than ${MAX_EXPRESSION_STEPS.toLocaleString('en')} steps over this case's data and was stopped; the lists it goes through are too long for it.`);
  }
}

/** The part of cel-js's evaluator an instrumented node calls. */
interface Evaluator {
  run(node: unknown, context: unknown): unknown;
}

type Evaluate = (evaluator: Evaluator, node: unknown, context: unknown) => unknown;

/** The run-time side of a cel-js syntax node (not in its type declarations). */
interface RuntimeNode {
  op: string;
  args: unknown;
  meta: { evaluate?: Evaluate; alternate?: unknown };
  setMeta(key: string, value: unknown): unknown;
}

function isRuntimeNode(value: unknown): value is RuntimeNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'meta' in value && typeof Reflect.get(value, 'setMeta') === 'function';
}

/** Steps left to the evaluation under way (one at a time: evaluation is synchronous). */
let stepsLeft = Number.POSITIVE_INFINITY;
let running = '';
/**
 * The error of the evaluation under way once it is over budget. One instance is thrown again
 * and again: CEL's `exists`, `||` and `&&` catch an error and go on, and every later step
 * must fail at once, without building a new error each time.
 */
let stopped: ExpressionOverBudget | undefined;
/** The last evaluation stopped for its budget, for `surfaceOverBudget`. */
let lastStopped: ExpressionOverBudget | undefined;

function countStep(): void {
  if (--stepsLeft < 0) throw (stopped ??= new ExpressionOverBudget(running));
}

/**
 * Runs one evaluation of `source` within the step budget; throws `ExpressionOverBudget` when it
 * went past it, even if CEL caught the error inside (`… || true`).
 */
export function withinStepBudget<T>(source: string, evaluate: () => T): T {
  const outer = { stepsLeft, running, stopped };
  stepsLeft = MAX_EXPRESSION_STEPS;
  running = source;
  stopped = undefined;
  try {
    const result = evaluate();
    if (stopped !== undefined) throw stopped;
    return result;
  } catch (error) {
    if (stopped !== undefined) lastStopped = stopped;
    throw stopped ?? error;
  } finally {
    ({ stepsLeft, running, stopped } = outer);
  }
}

/**
 * Runs `run` (a machine transition); when it fails after an evaluation inside it went over
 * budget, throws that `ExpressionOverBudget`: XState rethrows a failing guard as a plain
 * `Error` without its cause, which would otherwise reach the caller as an internal error.
 */
export function surfaceOverBudget<T>(run: () => T): T {
  const outer = lastStopped;
  lastStopped = undefined;
  try {
    return run();
  } catch (error) {
    throw lastStopped ?? error;
  } finally {
    lastStopped = outer;
  }
}

/** Instruments a checked program's syntax tree: counted comprehension steps, `matches` in RE2. */
export function guardProgram(ast: ASTNode): void {
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isRuntimeNode(value) || seen.has(value)) return;
    seen.add(value);
    if (value.op === 'comprehension') countSteps(value);
    if (value.op === 'rcall' && Array.isArray(value.args) && value.args[0] === 'matches') matchInRe2(value);
    const { args, meta } = value;
    visit(meta.alternate);
    if (typeof args === 'object' && args !== null) visit(Array.isArray(args) ? args : Object.values(args));
  };
  visit(ast);
}

function countSteps(comprehension: RuntimeNode): void {
  const step: unknown = Reflect.get(Object(comprehension.args), 'step');
  if (!isRuntimeNode(step) || step.meta.alternate !== undefined) throw new Error('cel-js comprehension has an unexpected shape');
  const evaluate = step.meta.evaluate;
  if (evaluate === undefined) throw new Error('cel-js comprehension step has no evaluate');
  step.setMeta('evaluate', function countedStep(this: unknown, evaluator: Evaluator, node: unknown, context: unknown) {
    countStep();
    return evaluate.call(this, evaluator, node, context);
  });
}

function matchInRe2(call: RuntimeNode): void {
  const [, receiver, args] = Array.isArray(call.args) ? call.args : [];
  const pattern: unknown = Array.isArray(args) ? args[0] : undefined;
  const fallback = call.meta.evaluate;
  if (fallback === undefined) throw new Error('cel-js call has no evaluate');
  call.setMeta('evaluate', function matches(this: unknown, evaluator: Evaluator, node: unknown, context: unknown) {
    const text = evaluator.run(receiver, context);
    const source = evaluator.run(pattern, context);
    if (typeof text !== 'string' || typeof source !== 'string') return fallback.call(this, evaluator, node, context);
    return linearRegExp(source).test(text);
  });
}
