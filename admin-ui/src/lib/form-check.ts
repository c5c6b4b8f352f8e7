/**
 * Checks a form's value against its JSON Schema in the browser, before it is sent, with messages
 * in the UI's language placed at their fields: the field's own `errorMessage` from the YAML
 * (`手机号码格式不正确`), else plain words (`此项必填`, `格式不正确` rather than a raw pattern),
 * else ajv's message, in Chinese through ajv-i18n.
 */
import type { ErrorObject } from 'ajv';
import { fieldSchema } from '../../../engine/dsl/enum-labels.js';
import { ruleMessage, ruleOfAjvError } from '../../../engine/field-rules.js';
import { schemaErrors } from './schema-check.js';
import type { FieldProblem } from '../api.js';
import type { Language } from '../i18n/index.js';
import type { JsonSchema } from '../types.js';

/** The dotted field of an ajv error (the missing property for `required`). */
function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') path.push(error.params.missingProperty);
  return path.join('.');
}

/** The problems of `value` against `schema`, one per field, in `language`; empty when it fits. */
export function checkForm(schema: JsonSchema, value: unknown, language: Language): FieldProblem[] {
  const errors = schemaErrors(schema, value);
  if (errors.length === 0) return [];
  const problems = new Map<string, FieldProblem>();
  for (const error of errors) {
    const field = fieldOf(error);
    if (problems.has(field)) continue;
    problems.set(field, { field, message: ruleMessage(ruleOfAjvError(error, fieldSchema(schema, field)), language) });
  }
  return [...problems.values()];
}
