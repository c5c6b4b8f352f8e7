/**
 * CEL expressions: each must parse, name only declared fields, type-check in the environment
 * the compiler will evaluate it in, and give what its place needs (a bool for a condition, a
 * timestamp for `at`, …). A `set` must write a declared data field with a value of its type.
 * A map setting looked up by an enum field should have a key for each of its values (a warning).
 * No expression may cost more than a bounded number of steps (see expression-cost.ts).
 */
import type { Environment } from '@marcbachmann/cel-js';
import { buildCelEnvironment } from './cel-env.js';
import { unknownFields } from './cel-fields.js';
import { expressionCostProblems } from './expression-cost.js';
import { uncoveredSettingKeys } from './setting-keys.js';
import type { CheckContext } from './check-context.js';
import type { ExpressionKind, ExpressionSite, Scope } from './sites.js';
import { propertiesOf } from './schema-properties.js';
import { didYouMean } from './suggest.js';

/** Reports expressions that do not parse or type-check, or name undeclared fields. */
export function checkExpressions(context: CheckContext): void {
  const environments = new Map<Scope, Environment>();
  const environmentFor = (scope: Scope): Environment => {
    let env = environments.get(scope);
    if (env === undefined) {
      env = buildCelEnvironment(context.definition, { input: scope.input, mixedNumbers: true });
      environments.set(scope, env);
    }
    return env;
  };
  const fieldNames = Object.keys(propertiesOf(context.definition.data) ?? {});

  for (const site of context.sites.expressions) {
    if (site.field !== undefined && !fieldNames.includes(site.field)) {
      context.report(site.path, 'error', `set writes '${site.field}', which is not a data field declared in data.properties${didYouMean(site.field, fieldNames)}`, { key: true });
      continue;
    }
    checkExpression(context, site, environmentFor(site.scope));
  }
}

/**
 * Longest expression text. Far beyond any real condition, and short enough that no check or
 * evaluation of its syntax tree runs out of stack (5,000 chained `&&` did).
 */
const MAX_EXPRESSION_LENGTH = 2000;

function checkExpression(context: CheckContext, site: ExpressionSite, env: Environment): void {
  const problem = (offset: number | undefined, message: string): void =>
    context.report(site.path, 'error', message, offset === undefined ? {} : { offset });

  if (site.expr.length > MAX_EXPRESSION_LENGTH) {
    problem(undefined, `expression is too long: it has ${site.expr.length} characters, at most ${MAX_EXPRESSION_LENGTH} are allowed (name parts of it in settings)`);
    return;
  }

  let ast;
  try {
    ast = env.parse(site.expr).ast;
  } catch (error) {
    problem(errorOffset(error), `expression does not parse: ${firstLine(error)}`);
    return;
  }
  const fields = { definition: context.definition, input: site.scope.input };
  const unknown = unknownFields(ast, fields);
  if (unknown.length > 0) {
    for (const field of unknown) problem(field.offset, field.message);
    return;
  }
  const costly = expressionCostProblems(ast, fields);
  if (costly.length > 0) {
    for (const cost of costly) problem(cost.offset, cost.message);
    return;
  }
  for (const lookup of uncoveredSettingKeys(ast, fields)) {
    context.report(site.path, 'warning', lookup.message, { offset: lookup.offset });
  }
  const result = env.check(site.expr);
  if (!result.valid || result.type === undefined) {
    problem(result.error?.range?.start, `expression does not type-check: ${firstLine(result.error)}`);
    return;
  }
  const mismatch = kindMismatch(site.kind, result.type);
  if (mismatch) {
    problem(undefined, mismatch);
    return;
  }
  if (site.field !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(site.field)) {
    const fieldType = env.check(`data.${site.field}`).type;
    if (fieldType !== undefined && !assignable(result.type, fieldType)) {
      problem(undefined, `data field '${site.field}' holds ${typeName(fieldType)}, but this expression gives ${typeName(result.type)}`);
    }
  }
}

const TIMESTAMP = 'google.protobuf.Timestamp';
const DURATION = 'google.protobuf.Duration';

/** Why a result type does not suit its place, or undefined when it does. */
function kindMismatch(kind: ExpressionKind, type: string): string | undefined {
  if (type === 'dyn') return undefined;
  switch (kind) {
    case 'guard':
      return type === 'bool' ? undefined : `a condition must give true or false, but this expression gives ${typeName(type)}`;
    case 'timestamp':
      return type === TIMESTAMP
        ? undefined
        : `'at' must give a timestamp, such as timestamp(data.slot) - duration("48h"), but this expression gives ${typeName(type)}`;
    case 'duration':
      return type === 'string' || type === DURATION ? undefined : `a duration expression must give a duration text such as "4h", but this one gives ${typeName(type)}`;
    case 'roles':
      return isTextList(type)
        ? undefined
        : `a recipients or roles expression must give a list of role ids or user ids (text), such as [data.owner, "team-lead"], but this one gives ${typeName(type)}`;
    case 'text':
      return type === 'string' ? undefined : `this expression must give text (a unit, user or role id), but it gives ${typeName(type)}`;
    case 'value':
      return undefined;
  }
}

/** Whether a CEL type is a list whose entries may be text: `list<string>`, `list<dyn>`, or `[]` (`list<T>`). */
function isTextList(type: string): boolean {
  const entry = /^list<(.+)>$/.exec(type)?.[1];
  return entry === 'string' || entry === 'dyn' || (entry !== undefined && /^[A-Z]$/.test(entry));
}

/** Whether a value of CEL type `value` may be stored in a field of CEL type `field`. */
function assignable(value: string, field: string): boolean {
  if (value === field || value === 'dyn' || field === 'dyn' || value === 'null_type') return true;
  if (field === 'double' && (value === 'int' || value === 'uint')) return true;
  if (field.startsWith('list') && value.startsWith('list')) return true;
  const objectLike = (type: string): boolean => type.startsWith('map') || /^[A-Z]/.test(type);
  if (objectLike(field) && objectLike(value) && !value.startsWith('google.')) return true;
  // Timestamps are kept as ISO text in case data.
  return field === 'string' && value === TIMESTAMP;
}

/** A CEL type as a process owner reads it. */
function typeName(type: string): string {
  if (type === TIMESTAMP) return 'a timestamp';
  if (type === DURATION) return 'a duration';
  if (type === 'bool') return 'true/false (bool)';
  if (type === 'int' || type === 'uint') return 'a whole number (int)';
  if (type === 'double') return 'a number (double)';
  if (type === 'string') return 'text (string)';
  if (type === 'null_type') return 'null';
  if (type.startsWith('list')) return `a list (${type})`;
  return `an object (${type})`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

function errorOffset(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('range' in error)) return undefined;
  const range: unknown = error.range;
  if (typeof range !== 'object' || range === null || !('start' in range)) return undefined;
  return typeof range.start === 'number' ? range.start : undefined;
}
