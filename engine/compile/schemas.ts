/**
 * JSON Schema checks of case data and event input (ajv, draft 2020-12), reported as field
 * errors people can act on: `{ field: 'plan', message: 'is required' }`.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { linearRegExpEngine } from '../dsl/regex-safety.js';
import { addSchemaFormats } from '../dsl/schema-formats.js';
import type { JsonSchema } from '../dsl/types.js';
import { CaseflowError, ensureError, type FieldError } from '../errors.js';
import { ruleOfAjvError, withRule } from '../field-rules.js';

/** A compiled schema check. */
export type SchemaCheck = (value: unknown) => FieldError[];

/**
 * One ajv for every process: compiling ajv's meta-schema is the slow part, so it happens once.
 * Strict mode is off (YAML schemas carry titles, labels…) and `$id`s are not registered, so two
 * versions of a process may use the same ones. Patterns run in RE2 (linear time, see regex-safety.ts).
 * `verbose` gives each error its schema, whose title and `errorMessage` word the problem for people.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, addUsedSchema: false, code: { regExp: linearRegExpEngine } });
addSchemaFormats(ajv);

/** Compiles a schema into a check; throws `invalid-definition` when it is not a valid schema. */
export function compileSchema(schema: JsonSchema, where: string): SchemaCheck {
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new CaseflowError('invalid-definition', `${where}: ${ensureError(error).message}`, { cause: error });
  }
  return (value) => (validate(value) ? [] : fieldErrors(validate.errors ?? []));
}

/** Turns ajv errors into one field error per problem, named by dotted path, each with the rule it breaks (`ruleOf`). */
export function fieldErrors(errors: ErrorObject[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const path = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
      path.push(error.params.missingProperty);
      message = 'is required';
    } else if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
      path.push(error.params.additionalProperty);
      message = 'is not allowed';
    } else if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
      message = `must be one of ${error.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}`;
    }
    const field = path.join('.') || '(root)';
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(withRule({ field, message }, ruleOfAjvError(error)));
  }
  return out;
}
